import type { RatingRecord } from './bundle-format';
import { COLUMN, type ReportContext } from './report-context';
import { byCodePoint, round, type Cell, type ReportTable } from './report-table';
import { wilsonInterval } from './wilson-interval';

/** Reason tags listed per model and polarity: the most frequent ones, as a committee reads them. */
export const TOP_TAGS = 5;

/** Stands for "every category" in the satisfaction table (a row per model over all its ratings). */
const ALL = '*';

interface Tally {
  likes: number;
  ratings: number;
}

/** Like ratio per model × task category (plus each model over all categories), with Wilson intervals. */
export function satisfactionTable(ratings: readonly RatingRecord[], context: ReportContext): ReportTable {
  const models = context.manifest.models;
  const tallies = new Map<string, Map<string | null, Tally>>(models.map((model) => [model, new Map()]));
  for (const rating of ratings) {
    const byCategory = tallies.get(rating.model);
    if (!byCategory) continue;
    for (const key of [ALL, rating.category]) {
      let tally = byCategory.get(key);
      if (!tally) byCategory.set(key, (tally = { likes: 0, ratings: 0 }));
      tally.ratings++;
      if (rating.value === 'like') tally.likes++;
    }
  }
  const level = context.manifest.settings.confidence_level;
  const rows: Cell[][] = [];
  for (const model of models) {
    const byCategory = tallies.get(model) as Map<string | null, Tally>;
    // "All" first, then categories in id order with the unclassified last.
    const keys = [...byCategory.keys()].sort((x, y) => rank(x) - rank(y) || byCodePoint(x ?? '', y ?? ''));
    for (const key of keys) {
      const tally = byCategory.get(key) as Tally;
      const interval = wilsonInterval(tally.likes, tally.ratings, level);
      rows.push([
        model,
        context.modelName(model),
        key,
        key === ALL ? context.text.allCategories : context.categoryName(key),
        tally.ratings,
        tally.likes,
        interval ? round(interval.share, 4) : null,
        interval ? round(interval.lower, 4) : null,
        interval ? round(interval.upper, 4) : null,
      ]);
    }
  }
  return {
    name: 'satisfaction',
    title: context.say({ ja: '満足度（作業の種類別）', en: 'Satisfaction by task category' }),
    note: context.say({
      ja: '「いいね」の割合と Wilson の 95% 信頼区間。作業の種類 ID「*」はそのモデルの全評価です。',
      en: 'Share of "like" ratings with its 95% Wilson interval. Category id "*" is all of the model\'s ratings.',
    }),
    columns: context.columns([
      ['model', COLUMN.model, true],
      ['model_name', COLUMN.modelName],
      ['category', COLUMN.category, true],
      ['category_name', COLUMN.categoryName],
      ['ratings', { ja: '評価数', en: 'Ratings' }],
      ['likes', { ja: 'いいね', en: 'Likes' }],
      ['like_ratio', { ja: 'いいねの割合', en: 'Like ratio' }],
      ['lower', COLUMN.lower],
      ['upper', COLUMN.upper],
    ]),
    rows,
  };
}

function rank(category: string | null): number {
  return category === ALL ? 0 : category === null ? 2 : 1;
}

/** The most frequent reason tags per model and polarity, as a share of that polarity's ratings. */
export function reasonTagTable(ratings: readonly RatingRecord[], context: ReportContext): ReportTable {
  const models = context.manifest.models;
  const counts = new Map<string, { like: Map<string, number>; dislike: Map<string, number>; likes: number; dislikes: number }>(
    models.map((model) => [model, { like: new Map(), dislike: new Map(), likes: 0, dislikes: 0 }]),
  );
  for (const rating of ratings) {
    const entry = counts.get(rating.model);
    if (!entry) continue;
    if (rating.value === 'like') entry.likes++;
    else entry.dislikes++;
    const tags = entry[rating.value];
    for (const tag of rating.tags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
  }
  const polarity = { like: { ja: 'いいね', en: 'Like' }, dislike: { ja: 'よくない', en: 'Dislike' } } as const;
  const rows: Cell[][] = [];
  for (const model of models) {
    const entry = counts.get(model) as NonNullable<ReturnType<typeof counts.get>>;
    for (const value of ['like', 'dislike'] as const) {
      const total = value === 'like' ? entry.likes : entry.dislikes;
      const top = [...entry[value]].sort((x, y) => y[1] - x[1] || byCodePoint(x[0], y[0])).slice(0, TOP_TAGS);
      for (const [tag, count] of top) rows.push([model, context.modelName(model), value, context.say(polarity[value]), tag, context.tagName(tag), count, round(count / total, 4)]);
    }
  }
  return {
    name: 'reason_tags',
    title: context.say({ ja: '評価の理由（上位）', en: 'Top reasons given' }),
    note: context.say({
      ja: `モデルごと・評価ごとに多かった理由の上位 ${TOP_TAGS} 件。割合は、その評価（いいね／よくない）の件数に対する割合です（理由は複数選べます）。`,
      en: `The ${TOP_TAGS} most frequent reasons per model and polarity. Share: of that model's likes (or dislikes); a rating may give several reasons.`,
    }),
    columns: context.columns([
      ['model', COLUMN.model, true],
      ['model_name', COLUMN.modelName],
      ['value', { ja: '評価 ID', en: 'Rating id' }, true],
      ['value_name', { ja: '評価', en: 'Rating' }],
      ['tag', { ja: '理由 ID', en: 'Reason id' }, true],
      ['tag_name', { ja: '理由', en: 'Reason' }],
      ['count', COLUMN.count],
      ['share', COLUMN.share],
    ]),
    rows,
  };
}
