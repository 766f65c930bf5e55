import type { ReportLocale } from './report-table';

/**
 * Every word the report prints that does not come from the bundle, Japanese first. Placeholders {name} are filled
 * by `fill`. The methods section is written for an evaluation committee, not for statisticians.
 */
export const REPORT_TEXT = {
  ja: {
    documentTitle: '生成AIモデル評価報告書',
    period: '対象期間',
    models: '対象モデル',
    generatedAt: 'データ抽出日時',
    bundleHash: '元データ（バンドル）の SHA-256',
    reproduce: 'この報告書は、上記の元データから `npm run report:rebuild` で同じ内容に再作成できます。',
    contents: '目次',
    summary: '概要',
    methods: '方法',
    unclassified: '未分類',
    other: 'その他',
    withheld: '非表示',
    allCategories: 'すべて',
    allModels: '全モデル',
    total: '合計',
    noData: 'データがありません。',
    chartTitle: '評価値と 95% 信頼区間（図。数値は表を参照）',
    summaryLines: [
      '対象期間の比較投票 {votes} 件、評価（いいね／よくない） {ratings} 件、アンケート回答 {responses} 件、利用 {requests} 回を集計しました。',
      '比較ランキングの 1 位は {top}（評価値 {rating}、95% 区間 {lower}〜{upper}）です。',
    ],
    methodsText: [
      ['比較ランキング（Bradley–Terry モデル）', '利用者が 2 つのモデルの回答を名前を伏せて比べ、良い方に投票します。投票全体から、各モデルが他のモデルに勝つ確率を最もよく説明する「強さ」を最尤法で推定し、チェスなどで使われる Elo 形式の評価値（平均 1000）で示します。評価値の差 100 は、勝つ確率がおよそ 64% であることを表します。引き分けは両者に半勝ずつ、「どちらも悪い」は{bothBad}として数えます。投票の順序は結果に影響しません。'],
      ['信頼区間（ブートストラップ）', '評価値の不確かさは、投票を無作為に復元抽出して推定し直すことを {rounds} 回繰り返し、その評価値の分布の 2.5%〜97.5% の範囲（95% 信頼区間）で示します。乱数の種（{seed}）を元データに記録しているため、同じ元データからは同じ区間が得られます。順位は「区間の下限が自分の区間の上限を上回るモデルの数 + 1」で、区間が重なるモデルは同順位になり得ます。'],
      ['スタイル補正', '回答の長さやマークダウン（見出し・箇条書き・太字）の多さだけで好まれる傾向を取り除くため、両回答の長さと装飾量の差を説明変数に加えた推定も示します（ブートストラップ {styleRounds} 回）。'],
      ['満足度（Wilson の信頼区間）', '「いいね」の割合を、モデル × 作業の種類ごとに示します。件数が少ないと割合は大きくぶれるため、Wilson の方法による 95% 信頼区間を添えます。件数の少ない行は区間が広くなります。'],
      ['アンケート', '回答は匿名で、集計のみを示します。回答者が {minGroup} 人未満の設問は、個人の回答が推測されないよう集計値を表示しません。自由記述の回答は元データに含めず、件数のみ示します。'],
      ['利用状況', '利用記録の日別集計から、モデルごとの利用回数・利用者数・トークン数・費用・応答時間・エラー率を示します。95 パーセンタイルの応答時間は、応答時間の区分（{buckets} ミリ秒）の上限値で示します。'],
      ['個人情報の扱い', '元データには、質問や回答の本文、利用者・組織の識別子、自由記述の回答、日より細かい時刻を含めていません。'],
    ],
    bothBadTie: '引き分け',
    bothBadExclude: '集計から除外',
  },
  en: {
    documentTitle: 'Generative AI model evaluation report',
    period: 'Period',
    models: 'Models',
    generatedAt: 'Data exported at',
    bundleHash: 'SHA-256 of the raw-data bundle',
    reproduce: 'This report can be rebuilt identically from the bundle above with `npm run report:rebuild`.',
    contents: 'Contents',
    summary: 'Summary',
    methods: 'Methods',
    unclassified: 'Not classified',
    other: 'Other',
    withheld: 'withheld',
    allCategories: 'All',
    allModels: 'All models',
    total: 'Total',
    noData: 'No data.',
    chartTitle: 'Ratings with 95% intervals (chart; the numbers are in the table)',
    summaryLines: [
      'The period has {votes} comparison votes, {ratings} ratings (like / dislike), {responses} survey responses and {requests} requests.',
      'The highest-rated model is {top} (rating {rating}, 95% interval {lower} to {upper}).',
    ],
    methodsText: [
      ['Leaderboard (Bradley–Terry model)', 'Staff compare the answers of two models without seeing their names and vote for the better one. From all votes we estimate, by maximum likelihood, the "strength" of each model that best explains how often it beats the others, and show it on the Elo scale used in chess (mean 1000). A gap of 100 points means the higher model wins about 64% of the time. A tie counts half a win for each side; "both bad" counts as {bothBad}. The order of the votes does not matter.'],
      ['Confidence intervals (bootstrap)', 'The uncertainty of a rating is estimated by resampling the votes with replacement and refitting, {rounds} times; the 2.5th to 97.5th percentile of those ratings is the 95% interval. The random seed ({seed}) is recorded in the bundle, so the same bundle always gives the same intervals. A rank is 1 + the number of models whose lower bound is above this model\'s upper bound, so models whose intervals overlap can share a rank.'],
      ['Style control', 'To separate quality from a preference for long or heavily formatted answers, a second fit adds the differences in answer length and in markdown (headings, list items, bold) as covariates ({styleRounds} bootstrap rounds).'],
      ['Satisfaction (Wilson intervals)', 'The share of "like" ratings per model and task category. Shares from few ratings vary widely, so each comes with a 95% Wilson score interval; rows with few ratings have wide intervals.'],
      ['Surveys', 'Responses are anonymous and only aggregates are shown. Questions with fewer than {minGroup} respondents are withheld so that no individual answer can be inferred. Free-text answers are not in the bundle; only their number is shown.'],
      ['Usage', 'Requests, users, tokens, cost, latency and error rate per model, from daily aggregates of the usage records. The 95th-percentile latency is the upper bound of its latency bucket (bounds: {buckets} ms).'],
      ['Personal data', 'The bundle holds no prompt or answer text, no user or organisation identifier, no free-text answer and no time finer than a day.'],
    ],
    bothBadTie: 'a tie',
    bothBadExclude: 'excluded',
  },
} as const satisfies Record<ReportLocale, unknown>;

export type ReportText = (typeof REPORT_TEXT)[ReportLocale];

export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}
