import type { Bundle } from './bundle-format';
import type { LeaderboardFits } from './leaderboard-tables';
import type { ReportContext } from './report-context';
import type { Cell, ReportTable } from './report-table';

/** How much data each part of the report rests on — the first thing a committee checks. */
export function sampleSizeTable(bundle: Bundle, fits: LeaderboardFits, context: ReportContext): ReportTable {
  const { records } = bundle;
  const models = new Set(context.manifest.models);
  const ratings = records.rating.filter((rating) => models.has(rating.model));
  const likes = ratings.filter((rating) => rating.value === 'like').length;
  const items: [string, { ja: string; en: string }, number][] = [
    ['votes_in_bundle', { ja: '比較投票（元データ全体）', en: 'Comparison votes in the bundle' }, records.vote.length],
    ['votes_between_models', { ja: '比較投票（対象モデル同士）', en: 'Votes between the report\'s models' }, fits.votesUsed],
    ['votes_counted', { ja: 'ランキングに使った投票', en: 'Votes counted in the leaderboard' }, fits.plain.countedVotes],
    ['votes_both_bad', { ja: '「どちらも悪い」の投票', en: '"Both bad" votes' }, fits.plain.bothBadVotes],
    ['votes_style_controlled', { ja: 'スタイル補正に使った投票', en: 'Votes in the style-controlled fit' }, fits.styled?.countedVotes ?? 0],
    ['ratings', { ja: '評価（いいね／よくない）', en: 'Ratings (like / dislike)' }, ratings.length],
    ['likes', { ja: 'いいね', en: 'Likes' }, likes],
    ['dislikes', { ja: 'よくない', en: 'Dislikes' }, ratings.length - likes],
    ['surveys', { ja: 'アンケート', en: 'Surveys' }, records.survey.length],
    ['survey_responses', { ja: 'アンケート回答', en: 'Survey responses' }, records.survey_response.length],
    ['requests', { ja: '利用回数', en: 'Requests' }, records.usage.filter((u) => models.has(u.model)).reduce((sum, u) => sum + u.requests, 0)],
    ['active_users', { ja: '利用者数（全モデル）', en: 'Active users (all models)' }, records.active_users.find((r) => r.model === null)?.users ?? 0],
  ];
  return {
    name: 'sample_sizes',
    title: context.say({ ja: '標本の大きさ', en: 'Sample sizes' }),
    note: context.say({ ja: '各表の元になった件数です。', en: 'How many records each table rests on.' }),
    columns: context.columns([
      ['item', { ja: '項目 ID', en: 'Item id' }, true],
      ['item_name', { ja: '項目', en: 'Item' }],
      ['count', { ja: '件数', en: 'Count' }],
    ]),
    rows: items.map(([id, label, count]): Cell[] => [id, context.say(label), count]),
  };
}
