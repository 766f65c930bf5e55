#!/usr/bin/env node
// Writes pii-labelled.jsonl, the labelled set the PII detector is measured on (src/pii-evaluation.spec.ts).
//   node libs/shared/pii/test-data/generate-labelled.mjs          (rewrites the file; the output is deterministic)
//
// How it is made:
//   1. Generated part: sentences written the way 行政 documents and enquiries are (申請書, 住民票, 給付金,
//      問い合わせ), each with slots. A PRNG with a fixed seed (mulberry32, SEED below) fills the slots with
//      synthetic values and picks the spelling (hyphens or not, full-width digits, brackets, +81 …); the span of
//      every personal-data slot is recorded as it is inserted, so the labels are exact by construction.
//      Hard negatives — meeting dates, 文書番号, amounts, 12-digit numbers with a wrong check digit, order
//      numbers, law articles, versions, years, 13–16-digit non-Luhn numbers, URLs — are made the same way and
//      carry no span.
//   2. Hand-written part: pii-hand-written.txt, one sentence a line, written by hand (not by the generator or
//      the detector), with each personal value marked ⟦kind|value⟧. Its markers are removed and turned into
//      spans here. It holds the cases a template would not think of.
// Every value is synthetic: check digits are computed for random digits, card numbers are random digits
// completed with a Luhn digit inside real issuer ranges, addresses are real place names with invented block
// numbers, e-mail domains are example.* (RFC 2606), names are common given/family names combined at random.
// Span conventions (the detector follows the same): postal_code and bank_account are the digits only (not 〒,
// not the bank name); birth_date is the date only; address runs from the prefecture to the house number.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = 20261128;
const POSITIVE_LINES = 330;
const NEGATIVE_LINES = 200;

// ── randomness ──────────────────────────────────────────────────────────────────────────────────────────────
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const pick = (items) => items[Math.floor(random() * items.length)];
const chance = (p) => random() < p;
const digits = (n, firstNonZero = false) => Array.from({ length: n }, (_, i) => (i === 0 && firstNonZero ? int(1, 9) : int(0, 9))).join('');
const pad = (n, width) => String(n).padStart(width, '0');

// ── spellings ───────────────────────────────────────────────────────────────────────────────────────────────
const FULL_WIDTH_DIGITS = '０１２３４５６７８９';
/** Full-width digits, and the hyphen as one of the look-alikes people type in Japanese input mode. */
function fullWidth(text) {
  const hyphen = pick(['－', 'ー', '‐', '−']);
  return text.replace(/[0-9]/g, (d) => FULL_WIDTH_DIGITS[Number(d)]).replace(/-/g, hyphen);
}
const maybeFullWidth = (text, p = 0.2) => (chance(p) ? fullWidth(text) : text);
const group = (text, sizes, separator) => {
  const parts = [];
  let at = 0;
  for (const size of sizes) parts.push(text.slice(at, (at += size)));
  return parts.join(separator);
};

// ── check digits (the same formulas as src/check-digits.ts, written again here so a bug is not shared) ────
function myNumberCheck(base) {
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += Number(base[11 - n]) * (n <= 6 ? n + 1 : n - 5);
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}
function corporateCheck(base) {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base[12 - n]) * (n % 2 ? 1 : 2);
  return 9 - (sum % 9);
}
function luhnComplete(partial) {
  let sum = 0;
  for (let i = partial.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(partial[i]);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return partial + ((10 - (sum % 10)) % 10);
}
function luhnValid(number) {
  return luhnComplete(number.slice(0, -1)) === number;
}

// ── personal values ─────────────────────────────────────────────────────────────────────────────────────────
const FAMILY = ['山田', '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '中村', '小林', '加藤', '吉田', '山本', '松本', '井上', '木村'];
const GIVEN = ['太郎', '花子', '一郎', '美咲', '健太', 'さくら', '翔', '陽子', '誠', '由美', '大輔', '恵', '拓也', '真理子', '優斗'];
const ROMAN_FAMILY = ['yamada', 'sato', 'suzuki', 'takahashi', 'tanaka', 'ito', 'watanabe', 'nakamura', 'kobayashi', 'kato'];
const ROMAN_GIVEN = ['taro', 'hanako', 'ichiro', 'misaki', 'kenta', 'sakura', 'sho', 'yoko', 'makoto', 'yumi'];
const personName = () => `${pick(FAMILY)}${chance(0.5) ? ' ' : ''}${pick(GIVEN)}`;

function myNumber() {
  const base = digits(11, true);
  const number = base + myNumberCheck(base);
  return maybeFullWidth(pick([number, group(number, [4, 4, 4], ' '), group(number, [4, 4, 4], '-')]));
}
function corporateNumber() {
  const base = digits(12);
  return maybeFullWidth(`${corporateCheck(base)}${base}`, 0.1);
}

const AREA_CODES = ['03', '06', '011', '022', '045', '046', '052', '075', '092', '0466', '0467', '0548', '0997', '04992'];
function phone() {
  const shape = pick(['fixed', 'fixed', 'mobile', 'mobile', 'ip', 'free', 'free0800', 'international']);
  let national;
  let groups;
  if (shape === 'fixed' || shape === 'international') {
    const area = pick(AREA_CODES);
    national = area + digits(6 - area.length, true).replace(/^1/, '2') + digits(4);
    groups = [area.length, 6 - area.length, 4];
  } else if (shape === 'mobile' || shape === 'ip') {
    national = (shape === 'ip' ? '050' : pick(['090', '080', '070'])) + digits(8, true);
    groups = [3, 4, 4];
  } else if (shape === 'free') {
    national = `0120${digits(6, true)}`;
    groups = [4, 3, 3];
  } else {
    national = `0800${digits(7, true)}`;
    groups = [4, 3, 4];
  }
  if (shape === 'international') {
    const rest = national.slice(1);
    return pick([`+81-${group(rest, [groups[0] - 1, groups[1], 4], '-')}`, `+81 ${group(rest, [groups[0] - 1, groups[1], 4], ' ')}`, `+81(0)${group(rest, [groups[0] - 1, groups[1], 4], '-')}`]);
  }
  const layout = pick(['hyphen', 'hyphen', 'hyphen', 'together', 'brackets', 'area-brackets', 'space']);
  const [a, b, c] = [national.slice(0, groups[0]), national.slice(groups[0], groups[0] + groups[1]), national.slice(groups[0] + groups[1])];
  const written =
    layout === 'together' ? national
    : layout === 'brackets' ? `${a}(${b})${c}`
    : layout === 'area-brackets' ? `(${a})${b}-${c}`
    : layout === 'space' ? `${a} ${b} ${c}`
    : `${a}-${b}-${c}`;
  const spelled = maybeFullWidth(written, 0.25);
  return chance(0.3) ? spelled.replace('(', '（').replace(')', '）') : spelled;
}

const EMAIL_DOMAINS = ['example.jp', 'example.com', 'example.go.jp', 'city.example.lg.jp', 'mail.example.ne.jp', 'example.co.jp', 'example.org'];
function email() {
  const local = pick([
    () => `${pick(ROMAN_GIVEN)}.${pick(ROMAN_FAMILY)}`,
    () => `${pick(ROMAN_FAMILY)}${int(1, 99)}`,
    () => `${pick(ROMAN_GIVEN)}_${pick(ROMAN_FAMILY)}`,
    () => `${pick(ROMAN_FAMILY)}-${pick(ROMAN_GIVEN)}+gennai`,
    () => `${pick(ROMAN_GIVEN)[0]}${pick(ROMAN_FAMILY)}`,
  ])();
  const address = `${local}@${pick(EMAIL_DOMAINS)}`;
  return chance(0.08) ? address.replace('@', '＠') : address;
}

function postalCode() {
  const code = `${digits(3, true)}-${digits(4)}`;
  return maybeFullWidth(code, 0.2);
}

const PLACES = [
  ['東京都', '千代田区', '霞が関'], ['東京都', '新宿区', '西新宿'], ['東京都', '八王子市', '元本郷町'], ['神奈川県', '横須賀市', '小川町'],
  ['神奈川県', '横浜市中区', '港町'], ['大阪府', '大阪市北区', '中之島'], ['京都府', '京都市中京区', '寺町通'], ['北海道', '札幌市中央区', '北一条西'],
  ['愛知県', '名古屋市中区', '三の丸'], ['福岡県', '福岡市博多区', '博多駅前'], ['宮城県', '仙台市青葉区', '国分町'], ['広島県', '広島市中区', '基町'],
  ['埼玉県', 'さいたま市浦和区', '常盤'], ['千葉県', '船橋市', '湊町'], ['静岡県', '浜松市中央区', '元城町'], ['沖縄県', '那覇市', '泉崎'],
  ['鹿児島県', '鹿児島市', '山下町'], ['新潟県', '新潟市中央区', '学校町通'], ['岩手県', '紫波郡紫波町', '紫波中央駅前'], ['長野県', '松本市', '丸の内'],
];
function address() {
  const [prefecture, municipality, town] = pick(PLACES);
  const [c, b, h] = [int(1, 9), int(1, 30), int(1, 40)];
  const number = pick([`${c}丁目${b}番${h}号`, `${c}-${b}-${h}`, `${c}丁目${b}-${h}`, `${int(100, 999)}番地`, `${b}番地の${int(1, 9)}`, `${c}丁目${b}番地`]);
  const spaced = chance(0.15);
  return `${prefecture}${spaced ? ' ' : ''}${municipality}${spaced ? ' ' : ''}${town}${chance(0.2) ? fullWidth(number) : number}`;
}

function cardNumber() {
  const [prefix, length, sizes] = pick([
    ['4', 16, [4, 4, 4, 4]], ['4', 16, [4, 4, 4, 4]], [String(int(51, 55)), 16, [4, 4, 4, 4]], [String(int(2221, 2720)), 16, [4, 4, 4, 4]],
    [String(int(3528, 3589)), 16, [4, 4, 4, 4]], [pick(['34', '37']), 15, [4, 6, 5]], ['36', 14, [4, 6, 4]],
  ]);
  const number = luhnComplete(prefix + digits(length - prefix.length - 1));
  return maybeFullWidth(pick([number, group(number, sizes, ' '), group(number, sizes, '-')]), 0.15);
}

const ERAS = [['昭和', 1926, 64], ['平成', 1989, 31]];
function birthDate() {
  const year = int(1935, 2015);
  const [month, day] = [int(1, 12), int(1, 28)];
  const era = year >= 1989 ? ERAS[1] : ERAS[0];
  const eraYear = year - era[1] + 1;
  return maybeFullWidth(
    pick([
      `${year}年${month}月${day}日`,
      `${year}/${pad(month, 2)}/${pad(day, 2)}`,
      `${era[0]}${eraYear === 1 ? '元' : eraYear}年${month}月${day}日`,
      `${era[0]}${eraYear}年${pad(month, 2)}月${pad(day, 2)}日`,
      `${year}-${pad(month, 2)}-${pad(day, 2)}`,
      `${era[0] === '昭和' ? 'S' : 'H'}${eraYear}.${month}.${day}`,
    ]),
    0.15,
  );
}

const BANKS = ['みずほ銀行', '三菱UFJ銀行', '三井住友銀行', 'りそな銀行', '横浜銀行', 'ゆうちょ銀行', '横須賀信用金庫', '第一地方銀行'];
const BRANCHES = ['霞が関支店', '本店営業部', '横須賀支店', '新宿西口支店', '〇一八支店', '中央支店'];
const accountNumber = () => maybeFullWidth(digits(7), 0.15);

const VALUE = { my_number: myNumber, corporate_number: corporateNumber, phone, email, postal_code: postalCode, address, credit_card: cardNumber, birth_date: birthDate, bank_account: accountNumber };

// ── hard negatives ──────────────────────────────────────────────────────────────────────────────────────────
function wrongMyNumber() {
  const base = digits(11, true);
  const check = (myNumberCheck(base) + int(1, 9)) % 10;
  return pick([base + check, group(base + check, [4, 4, 4], ' '), group(base + check, [4, 4, 4], '-')]);
}
function nonLuhnNumber() {
  const length = int(13, 16);
  let number;
  do number = digits(length, true);
  while (luhnValid(number) || (length === 13 && Number(number[0]) === corporateCheck(number.slice(1))));
  return length === 16 && chance(0.5) ? group(number, [4, 4, 4, 4], pick([' ', '-'])) : number;
}
const NEGATIVE = {
  meetingDate: () => `令和${int(5, 8)}年${int(1, 12)}月${int(1, 28)}日`,
  westernDate: () => `${int(2020, 2027)}年${int(1, 12)}月${int(1, 28)}日`,
  slashDate: () => `${int(2020, 2027)}/${pad(int(1, 12), 2)}/${pad(int(1, 28), 2)}`,
  documentNumber: () => pick([`第${int(100, 9999)}号`, `総務第${int(100, 9999)}号`, `府政第${int(100, 999)}-${int(1000, 9999)}号`, `${pick(['デ', '総', '財'])}第${int(10, 999)}号`]),
  amount: () => pick([`${int(1, 999)},${pad(int(0, 999), 3)},${pad(int(0, 999), 3)}円`, `${int(1, 99)},${pad(int(0, 999), 3)}千円`, `${int(1000000, 9999999)}円`]),
  wrongMyNumber,
  orderNumber: () => pick([`AB-${int(2020, 2027)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}-${pad(int(1, 9999), 4)}`, `R${int(5, 8)}-${pad(int(1, 99999), 5)}`, `ORD${digits(10)}`]),
  lawArticle: () => pick([`第${int(1, 300)}条第${int(1, 9)}項`, `第${int(1, 300)}条の${int(2, 9)}`, `令第${int(1, 99)}条第${int(1, 5)}号`]),
  version: () => pick([`${int(1, 20)}.${int(0, 30)}.${int(0, 99)}`, `v${int(1, 9)}.${int(0, 9)}`, `${int(1, 9)}.${int(0, 9)}.${int(0, 9)}-rc.${int(1, 5)}`]),
  year: () => pick([`${int(1990, 2030)}年度`, `令和${int(1, 9)}年度`, `平成${int(1, 31)}年度`, `${int(1990, 2030)}年`]),
  nonLuhnNumber,
  url: () => pick([
    `https://www.city.example.lg.jp/soshiki/${int(2020, 2026)}/${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}.html`,
    `https://www.example.go.jp/policy/${digits(6)}/index.html`,
    `https://example.jp/news/${int(2020, 2026)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}-${int(1, 9)}.html`,
    `https://www.example.go.jp/content/${digits(12, true)}.pdf`,
  ]),
  time: () => `${int(8, 10)}:${pick(['00', '30'])}〜${int(16, 18)}:${pick(['00', '15', '30'])}`,
  population: () => `${int(100, 999)},${pad(int(0, 999), 3)}人`,
  extension: () => `内線${int(1000, 9999)}`,
  recordNumber: () => `${digits(10, true)}`,
  ipAddress: () => `192.168.${int(0, 255)}.${int(1, 254)}`,
  mention: () => `@${pick(ROMAN_FAMILY)}_${pick(['city', 'pref', 'office'])}`,
};

// ── templates ───────────────────────────────────────────────────────────────────────────────────────────────
// {kind} slots are personal data and become spans; {name} and {negative.*} slots are filler and do not.
const POSITIVE_TEMPLATES = [
  '申請者 {name}、個人番号 {my_number}、連絡先 {phone}。',
  '住民票の写しの交付申請：氏名 {name}、住所 〒{postal_code} {address}、電話 {phone}',
  '特別定額給付金の振込先は{bank}{branch} 普通 {bank_account}です。',
  '給付金の振込口座（口座番号 {bank_account}）を変更したいとの問い合わせがありました。',
  'お問い合わせいただいた{name}様（電話 {phone}、メール {email}）へ折り返し連絡してください。',
  'マイナンバーカードの交付通知書に記載の個人番号は{my_number}です。',
  '{name}さんのマイナンバー（{my_number}）を含む書類を誤って送付した事案の報告です。',
  '転入届：新住所 {address}、生年月日 {birth_date}、世帯主 {name}',
  '申請書の生年月日欄に{birth_date}と記入されていますが、住民票と一致しません。',
  '{name}様（{birth_date}生）から児童手当の申請がありました。',
  '担当者：{name}（{email}、直通 {phone}）',
  '手数料はクレジットカード（番号 {credit_card}）で支払われました。',
  '窓口で提示されたカード番号 {credit_card} を控えないでください。',
  '郵便番号 {postal_code} 以下の住所が空欄の申請書が3件ありました。',
  '送付先：〒{postal_code} {address} {name}様',
  '相談者の住所は{address}、電話は{phone}です。',
  '携帯電話 {phone} に SMS で認証コードを送信しました。',
  '返信は {email} 宛にお願いします。',
  'メールアドレス（{email}）宛てに受付完了の通知が届かないとの問い合わせです。',
  '法人番号 {corporate_number} の事業者から補助金の交付申請がありました。',
  '口座振替依頼書：{bank}{branch} 当座 {bank_account}、名義 {name}',
  '生年月日：{birth_date}　氏名：{name}　個人番号：{my_number}',
  '緊急連絡先 {phone}（{name}）',
  '〒{postal_code}　{address}　{name}　TEL {phone}',
  '本人確認のため、誕生日（{birth_date}）をお伺いしました。',
  '{name}さん（{birth_date}生まれ）の介護保険の申請について',
  'ふるさと納税の寄附者情報：{name}、{address}、{email}',
  '住所変更後の住所は{address}です。',
  '電話番号を{phone}に変更しました。',
  'ご不明な点はフリーダイヤル {phone} までお問い合わせください。',
  '照会文書への回答：対象者の個人番号は{my_number}、住所は{address}。',
  'カード番号：{credit_card}　有効期限：{negative.expiry}',
  '振込先　{bank} {branch} 普通預金 {bank_account}',
  '{email} から「給付金の申請方法を教えてください」との問い合わせがありました。',
  '生年月日 {birth_date}、電話 {phone}、メール {email} の方から問い合わせ',
];
const NEGATIVE_TEMPLATES = [
  '{negative.meetingDate}に第{negative.small}回検討会を開催します。',
  '本件は{negative.documentNumber}により通知済みです。',
  '令和7年度の予算額は{negative.amount}です。',
  '受付番号 {negative.wrongMyNumber} の申請は審査中です。',
  '整理番号{negative.wrongMyNumber}の書類を再送してください。',
  '注文番号 {negative.orderNumber} の物品が納品されました。',
  '地方自治法{negative.lawArticle}の規定に基づき報告します。',
  'システムをバージョン {negative.version} に更新しました。',
  '{negative.year}の実績を取りまとめました。',
  '照会番号 {negative.nonLuhnNumber} の処理状況を確認してください。',
  '詳細は {negative.url} をご覧ください。',
  '窓口の受付時間は{negative.time}です。',
  '{negative.westernDate}までに提出してください。',
  '締切：{negative.slashDate}（必着）',
  '市の人口は{negative.population}（{negative.year}末）です。',
  '担当は総務課（{negative.extension}）です。',
  '管理番号 {negative.recordNumber} を付番しました。',
  'サーバー {negative.ipAddress} のログを確認しました。',
  'SNS アカウント {negative.mention} で周知しました。',
  '交付決定額 {negative.amount}（{negative.documentNumber}）',
  '{negative.meetingDate}付けで{negative.documentNumber}を発出しました。',
  '文書番号：{negative.documentNumber}、施行日：{negative.meetingDate}',
  '第{negative.small}四半期の申請件数は{negative.population}でした。',
  '東京都千代田区で{negative.meetingDate}に説明会を開催します。',
  '神奈川県横須賀市の{negative.year}の予算は{negative.amount}です。',
  '伝票番号 0{negative.recordNumber9}',
  '様式第{negative.small}号（第{negative.small}条関係）を改正しました。',
  '電話での問い合わせは{negative.population}ありました。',
];

const FILLER = {
  name: personName,
  bank: () => pick(BANKS),
  branch: () => pick(BRANCHES),
  'negative.small': () => String(int(1, 12)),
  'negative.expiry': () => `${pad(int(1, 12), 2)}/${int(27, 32)}`,
  'negative.recordNumber9': () => digits(9),
  ...Object.fromEntries(Object.entries(NEGATIVE).map(([key, make]) => [`negative.${key}`, make])),
};

/** Fills a template left to right, recording the span of every personal-data slot as it is inserted. */
function fill(template) {
  let text = '';
  const spans = [];
  let at = 0;
  for (const slot of template.matchAll(/\{([a-z_.A-Z0-9]+)\}/g)) {
    text += template.slice(at, slot.index);
    at = slot.index + slot[0].length;
    const key = slot[1];
    if (key in VALUE) {
      const value = VALUE[key]();
      spans.push({ kind: key, start: text.length, end: text.length + value.length });
      text += value;
    } else if (key in FILLER) text += FILLER[key]();
    else throw new Error(`unknown slot {${key}} in: ${template}`);
  }
  return { text: text + template.slice(at), spans };
}

/** ⟦kind|value⟧ markers of the hand-written file become spans. */
function parseHandWritten(line) {
  let text = '';
  const spans = [];
  let at = 0;
  for (const marker of line.matchAll(/⟦([a-z_]+)\|([^⟧]+)⟧/g)) {
    text += line.slice(at, marker.index);
    at = marker.index + marker[0].length;
    if (!(marker[1] in VALUE)) throw new Error(`unknown kind ${marker[1]} in: ${line}`);
    spans.push({ kind: marker[1], start: text.length, end: text.length + marker[2].length });
    text += marker[2];
  }
  return { text: text + line.slice(at), spans };
}

const lines = [];
for (let i = 0; i < POSITIVE_LINES; i++) lines.push(fill(POSITIVE_TEMPLATES[i % POSITIVE_TEMPLATES.length]));
for (let i = 0; i < NEGATIVE_LINES; i++) lines.push(fill(NEGATIVE_TEMPLATES[i % NEGATIVE_TEMPLATES.length]));
const handWritten = readFileSync(join(here, 'pii-hand-written.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'));
for (const line of handWritten) lines.push(parseHandWritten(line));

writeFileSync(join(here, 'pii-labelled.jsonl'), `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
const spanCount = lines.reduce((n, line) => n + line.spans.length, 0);
process.stdout.write(`wrote ${lines.length} lines (${handWritten.length} hand-written), ${spanCount} spans\n`);
