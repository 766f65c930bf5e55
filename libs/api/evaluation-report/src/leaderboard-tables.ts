import { collapseVoteColumns, leaderboardFromPairCounts, OUTCOME_CODE, styleControlledLeaderboardFromRows, type Leaderboard, type StyleControlledLeaderboard } from '@gennai/arena-stats';
import type { VoteRecord } from './bundle-format';
import { COLUMN, type ReportContext } from './report-context';
import { round, type Cell, type ReportTable } from './report-table';
import { styledVoteRows } from './styled-vote-rows';

export interface LeaderboardFits {
  readonly plain: Leaderboard;
  /** Null when no vote carries style features (lengths and markdown counts of both answers). */
  readonly styled: StyleControlledLeaderboard | null;
  /** Votes between two of the report's models: the only ones the fits see. */
  readonly votesUsed: number;
}

/**
 * Both fits with the manifest's settings — bootstrap rounds, seed, level, "both bad" handling — so that the same
 * bundle gives the same ratings and intervals on any machine. Votes are collapsed into pair counts from typed-array
 * columns, and into the style-controlled fit's (pair, Δ-bucket) rows directly from the records: the cost of both fits
 * then depends on the number of models (and buckets), not of votes.
 */
export function fitLeaderboards(votes: readonly VoteRecord[], context: ReportContext): LeaderboardFits {
  const { models, settings } = context.manifest;
  const index = new Map(models.map((model, i) => [model, i]));
  const used = votes.filter((vote) => index.has(vote.model_a) && index.has(vote.model_b));
  const a = new Int32Array(used.length);
  const b = new Int32Array(used.length);
  const outcome = new Uint8Array(used.length);
  used.forEach((vote, v) => {
    a[v] = index.get(vote.model_a) as number;
    b[v] = index.get(vote.model_b) as number;
    outcome[v] = OUTCOME_CODE[vote.winner];
  });
  const bootstrap = { rounds: settings.bootstrap_rounds, seed: settings.bootstrap_seed, level: settings.confidence_level };
  const plain = leaderboardFromPairCounts(collapseVoteColumns({ a, b, outcome }, models, { bothBad: settings.both_bad }), {
    models,
    bothBad: settings.both_bad,
    bootstrap,
  });
  const rows = styledVoteRows(used, { bucketWidth: settings.style_bucket_width, bothBad: settings.both_bad });
  const styled =
    rows.first.length > 0 && rows.modelCount > 1
      ? styleControlledLeaderboardFromRows(rows, { bootstrap: { ...bootstrap, rounds: settings.style_bootstrap_rounds } })
      : null;
  return { plain, styled, votesUsed: used.length };
}

/**
 * Rank as Chatbot Arena publishes it: 1 + the number of models whose interval lies wholly above this one's. Models
 * the data cannot tell apart share a rank, which is the honest reading of overlapping intervals.
 */
export function intervalRanks(entries: readonly { readonly lower: number; readonly upper: number }[]): number[] {
  return entries.map((entry) => 1 + entries.filter((other) => other.lower > entry.upper).length);
}

export function leaderboardTable(fits: LeaderboardFits, context: ReportContext): ReportTable {
  const entries = fits.plain.entries;
  const ranks = intervalRanks(entries);
  const title = { ja: '比較ランキング', en: 'Leaderboard' };
  const note = {
    ja: `名前を伏せた比較の投票 ${fits.plain.countedVotes} 件から推定（Bradley–Terry、Elo 形式、ブートストラップ ${fits.plain.bootstrap.rounds} 回）。投票のないモデルは順位を付けていません${fits.plain.excludedModels.length ? `（${fits.plain.excludedModels.map((m) => context.modelName(m)).join('、')}）` : ''}。`,
    en: `Fitted from ${fits.plain.countedVotes} blind comparison votes (Bradley–Terry, Elo scale, ${fits.plain.bootstrap.rounds} bootstrap rounds). Models without votes are not ranked${fits.plain.excludedModels.length ? ` (${fits.plain.excludedModels.map((m) => context.modelName(m)).join(', ')})` : ''}.`,
  };
  return {
    name: 'leaderboard',
    title: context.say(title),
    note: context.say(note),
    columns: context.columns([
      ['rank', COLUMN.rank],
      ['model', COLUMN.model, true],
      ['model_name', COLUMN.modelName],
      ['rating', COLUMN.rating],
      ['lower', COLUMN.lower],
      ['upper', COLUMN.upper],
      ['votes', COLUMN.votes],
      ['wins', { ja: '勝ち', en: 'Wins' }],
      ['losses', { ja: '負け', en: 'Losses' }],
      ['ties', { ja: '引き分け', en: 'Ties' }],
    ]),
    rows: entries.map((e, i) => [ranks[i], e.model, context.modelName(e.model), round(e.rating, 1), round(e.lower, 1), round(e.upper, 1), e.votes, e.wins, e.losses, e.ties]),
  };
}

export function styleControlledTables(fits: LeaderboardFits, context: ReportContext): ReportTable[] {
  const styled = fits.styled;
  const leaderboard: ReportTable = {
    name: 'leaderboard_style_controlled',
    title: context.say({ ja: '比較ランキング（スタイル補正）', en: 'Leaderboard, style-controlled' }),
    note: styled
      ? context.say({
          ja: `回答の長さとマークダウンの量の差を補正した評価値（長さと装飾量の分かる投票 ${styled.countedVotes} 件）。`,
          en: `Ratings controlled for differences in answer length and markdown (${styled.countedVotes} votes with both answers' style known).`,
        })
      : context.text.noData,
    columns: context.columns([
      ['rank', COLUMN.rank],
      ['model', COLUMN.model, true],
      ['model_name', COLUMN.modelName],
      ['rating', COLUMN.rating],
      ['lower', COLUMN.lower],
      ['upper', COLUMN.upper],
      ['votes', COLUMN.votes],
    ]),
    rows: styled
      ? ((ranks) => styled.entries.map((e, i): Cell[] => [ranks[i], e.model, context.modelName(e.model), round(e.rating, 1), round(e.lower, 1), round(e.upper, 1), e.votes]))(intervalRanks(styled.entries))
      : [],
  };
  const coefficients: ReportTable = {
    name: 'style_coefficients',
    title: context.say({ ja: 'スタイルの影響', en: 'Effect of style' }),
    note: context.say({
      ja: '正の値は、その特徴が多い回答ほど好まれたことを表します（Elo 点は、差が最大のときの評価値の差に相当）。',
      en: 'A positive value means answers with more of the feature were preferred (Elo points: the rating gap at the largest possible difference).',
    }),
    columns: context.columns([
      ['feature', { ja: '特徴', en: 'Feature' }],
      ['estimate', { ja: '係数', en: 'Coefficient' }],
      ['lower', COLUMN.lower],
      ['upper', COLUMN.upper],
      ['elo_points', { ja: 'Elo 点', en: 'Elo points' }],
    ]),
    rows: styled
      ? (
          [
            [{ ja: '回答の長さ', en: 'Answer length' }, styled.coefficients.length],
            [{ ja: 'マークダウンの量', en: 'Markdown' }, styled.coefficients.markdown],
          ] as const
        ).map(([label, c]) => [context.say(label), round(c.estimate, 4), round(c.lower, 4), round(c.upper, 4), round(c.eloPoints, 1)])
      : [],
  };
  return [leaderboard, coefficients];
}

/** Share of votes won by the row model against the column model (ties half); empty where the pair never met. */
export function winRateTable(fits: LeaderboardFits, context: ReportContext): ReportTable {
  const { models, rates, votes } = fits.plain.winRates;
  return {
    name: 'win_rates',
    title: context.say({ ja: '対戦別の勝率', en: 'Win rates by pair' }),
    note: context.say({
      ja: '行のモデルが列のモデルに勝った割合（引き分けは半分）。対戦数は JSON と CSV の votes_* 列にあります。',
      en: 'Share of votes the row model won against the column model (ties count half). The number of votes per pair is in the votes_* columns of the JSON and CSV.',
    }),
    columns: [
      ...context.columns([
        ['model', COLUMN.model, true],
        ['model_name', COLUMN.modelName],
      ]),
      ...models.map((m) => ({ key: `rate_${m}`, label: context.modelName(m) })),
      ...models.map((m) => ({ key: `votes_${m}`, label: `${context.say(COLUMN.votes)}: ${context.modelName(m)}`, machineOnly: true })),
    ],
    rows: models.map((model, i) => [model, context.modelName(model), ...rates[i].map((rate) => (rate === null ? null : round(rate, 3))), ...votes[i]]),
  };
}
