import { defineCues } from './define-cues';

// Languages residents and partners write in; a municipal office translates into these most.
const LANGUAGE = '(?:英語|英文|日本語|中国語|簡体字|繁体字|韓国語|ハングル|フランス語|ドイツ語|スペイン語|ポルトガル語|ベトナム語|タガログ語|ネパール語|タイ語|インドネシア語|ロシア語|イタリア語|アラビア語|ミャンマー語|モンゴル語)';
// 「自然な日本語に」「やさしい日本語に」 are rewrites inside one language: proofreading, not translation. The
// lookbehind follows the language name so that it is tried only where a language name matched.
const NOT_A_REWRITE = `(?<!(?:自然な|正しい|やさしい|易しい|優しい|平易な|わかりやすい|分かりやすい|きれいな|丁寧な|適切な|簡潔な)${LANGUAGE})`;

export const TRANSLATION_CUES = defineCues('translation', [
  ['translate', 3, /翻訳|英訳|和訳|仏訳|独訳|中訳|訳して|訳文|訳をつけ|訳を付け|訳してほしい/],
  ['into-language', 3, new RegExp(`${LANGUAGE}${NOT_A_REWRITE}(?:\\([^)]{1,8}\\))?(?:に|へ)(?:して|直|訳|変換|翻訳|置き換え|変えて|書き換え)`)],
  ['in-language', 1.5, new RegExp(`${LANGUAGE}(?:で|では)(?:書|作|返|お願い|表現|言う|言え|なんと|何と|どう言|記載|併記)`)],
  ['how-to-say', 3, new RegExp(`${LANGUAGE}で.{0,40}(?:何と|なんと|どう)(?:言|表現|訳|書)`)],
  ['english-request', 3, /translat|\binto (?:english|japanese|chinese|korean)\b|\bin (?:english|japanese)\W*$/],
  ['multilingual', 2, /通訳|多言語化|多言語対応|多言語で|ローカライズ|対訳|訳語|英語表記|英語名称|英語の名称|英語版/],
]);
