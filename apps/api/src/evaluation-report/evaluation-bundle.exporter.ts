import { RATING_TAG_LABELS, type RatingTag } from '@gennai/contracts';
import { BundleWriter, DEFAULT_BUNDLE_SETTINGS, type BundleHeader, type SurveyQuestionRecord, type SurveyResponseRecord } from '@gennai/evaluation-report';
import { TASK_CATEGORIES, TASK_CATEGORY_LABELS_EN, TASK_CATEGORY_LABELS_JA } from '@gennai/task-category';
import type { DataSource, EntityManager } from 'typeorm';

export interface BundlePeriod {
  readonly from: string;
  readonly to: string;
  readonly modelIds: readonly string[];
}

const APP_LABELS = {
  chat: { ja: 'チャット', en: 'Chat' },
  api: { ja: 'API', en: 'API' },
  arena: { ja: '比較', en: 'Compare' },
};

/**
 * Reads a period's evaluation data from the database into a bundle, in one REPEATABLE READ snapshot so every section
 * describes the same moment. Only what the report needs leaves the database: model ids, outcomes, categories, apps,
 * days, sizes and counts — never a prompt, an answer, a comment, a free-text answer, or a user or organisation id.
 * Records are ordered by their own content (never by time or id), so exporting the same data twice gives the same
 * section bytes and hashes, and the order of a file says nothing about who voted when within a day.
 */
export class EvaluationBundleExporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeZone: string,
    /** The catalogue's display name of a model (undefined once it has left the catalogue: its id is shown). */
    private readonly modelLabel: (modelId: string) => string | undefined,
  ) {}

  async export(period: BundlePeriod, now: Date): Promise<{ writer: BundleWriter; header: BundleHeader }> {
    const writer = new BundleWriter();
    const settings = DEFAULT_BUNDLE_SETTINGS;
    await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const span = new PeriodParams(period, this.timeZone);
      await this.votes(manager, span, writer);
      await this.ratings(manager, span, writer);
      await this.surveys(manager, span, writer);
      await this.usage(manager, span, settings.latency_bucket_bounds_ms, writer);
    });
    const header: BundleHeader = {
      period: { from: period.from, to: period.to, time_zone: this.timeZone },
      models: [...period.modelIds],
      generated_at: now.toISOString(),
      generator: 'gennai-api',
      settings,
      labels: {
        models: Object.fromEntries(period.modelIds.map((id) => [id, this.modelLabel(id) ?? id])),
        categories: Object.fromEntries(TASK_CATEGORIES.map((id) => [id, { ja: TASK_CATEGORY_LABELS_JA[id], en: TASK_CATEGORY_LABELS_EN[id] }])),
        tags: Object.fromEntries((Object.keys(RATING_TAG_LABELS.ja) as RatingTag[]).map((id) => [id, { ja: RATING_TAG_LABELS.ja[id], en: RATING_TAG_LABELS.en[id] }])),
        apps: APP_LABELS,
      },
    };
    return { writer, header };
  }

  private async votes(manager: EntityManager, span: PeriodParams, writer: BundleWriter): Promise<void> {
    const rows = (await manager.query(
      `SELECT b.model_a, b.model_b, b.winner, b.task_category AS category, b.app, ${span.day('b.voted_at')} AS day,
              char_length(b.answer_a) AS length_a, char_length(b.answer_b) AS length_b, b.markdown_a, b.markdown_b
         FROM battles b
        WHERE b.winner IS NOT NULL AND ${span.within('b.voted_at')} AND b.model_a = ANY($4::text[]) AND b.model_b = ANY($4::text[])
        ORDER BY 6, 1, 2, 3, 4, 5, 7, 8, 9, 10`,
      span.params,
    )) as { model_a: string; model_b: string; winner: 'a' | 'b' | 'tie' | 'both_bad'; category: string; app: string; day: string; length_a: number; length_b: number; markdown_a: number | null; markdown_b: number | null }[];
    for (const row of rows) {
      // Style features only when both answers' markdown was counted (as the leaderboard's style control reads them).
      const styled = row.markdown_a !== null && row.markdown_b !== null;
      writer.add('vote', {
        model_a: row.model_a,
        model_b: row.model_b,
        winner: row.winner,
        category: row.category,
        app: row.app,
        day: row.day,
        length_a: styled ? row.length_a : null,
        length_b: styled ? row.length_b : null,
        markdown_a: row.markdown_a,
        markdown_b: row.markdown_b,
      });
    }
  }

  private async ratings(manager: EntityManager, span: PeriodParams, writer: BundleWriter): Promise<void> {
    const rows = (await manager.query(
      `SELECT r.model_id AS model, r.value, r.tags, r.task_category AS category, r.app, ${span.day('r.created_at')} AS day
         FROM answer_ratings r
        WHERE ${span.within('r.created_at')} AND r.model_id = ANY($4::text[])
        ORDER BY 6, 1, 2, 4 NULLS LAST, 5, 3`,
      span.params,
    )) as { model: string; value: 'like' | 'dislike'; tags: string[]; category: string | null; app: string; day: string }[];
    for (const row of rows) writer.add('rating', row);
  }

  /** Published or closed surveys open at some time in the period, and their responses given in the period. */
  private async surveys(manager: EntityManager, span: PeriodParams, writer: BundleWriter): Promise<void> {
    const surveys = (await manager.query(
      `SELECT s.id, s.title, s.questions FROM surveys s
        WHERE s.status IN ('published', 'closed') AND s.opens_at < ${span.end} AND s.closes_at >= ${span.start}
        ORDER BY s.opens_at, s.id`,
      span.params.slice(0, 3),
    )) as { id: string; title: { ja: string; en: string }; questions: SurveyQuestionRecord[] }[];
    for (const survey of surveys) {
      const questions = survey.questions.map((q) => ({ id: q.id, kind: q.kind, text: q.text, options: q.options.map((o) => ({ id: o.id, text: o.text })) }));
      writer.add('survey', { survey: survey.id, title: survey.title, questions });
      const responses = (await manager.query(
        `SELECT r.model_ids, r.answers FROM survey_responses r
          WHERE r.survey_id = $1 AND r.responded_on BETWEEN $2::date AND $3::date`,
        [survey.id, span.params[0], span.params[1]],
      )) as { model_ids: string[]; answers: Record<string, unknown> }[];
      // Sorted by their encoded form: the database's order (insertion) would hint at who answered first.
      const records = responses.map((row) => anonymousResponse(survey.id, questions, row.model_ids, row.answers));
      const keyed = records.map((record) => ({ record, key: JSON.stringify(record) })).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
      for (const { record } of keyed) writer.add('survey_response', record);
    }
  }

  private async usage(manager: EntityManager, span: PeriodParams, bounds: readonly number[], writer: BundleWriter): Promise<void> {
    // One count per latency bucket: (previous bound, bound], then everything above the last bound.
    const buckets = bounds.map((bound, i) => `count(*) FILTER (WHERE u.latency_ms ${i ? `> ${Number(bounds[i - 1])} AND u.latency_ms ` : ''}<= ${Number(bound)})::int`);
    buckets.push(`count(*) FILTER (WHERE u.latency_ms > ${Number(bounds[bounds.length - 1])})::int`);
    const rows = (await manager.query(
      `SELECT ${span.day('u.created_at')} AS day, u.model_id AS model, u.app, c.task_category AS category,
              count(*)::int AS requests, count(*) FILTER (WHERE u.outcome = 'failed')::int AS errors,
              sum(u.input_tokens)::bigint AS input_tokens, sum(u.output_tokens)::bigint AS output_tokens, sum(u.cost)::text AS cost, u.currency,
              sum(u.latency_ms)::bigint AS latency_ms_sum, ARRAY[${buckets.join(', ')}] AS latency_buckets
         FROM usage_records u LEFT JOIN conversations c ON c.id = u.conversation_id
        WHERE ${span.within('u.created_at')} AND u.model_id = ANY($4::text[])
        GROUP BY 1, 2, 3, 4, u.currency
        ORDER BY 1, 2, 3, 4 NULLS LAST, u.currency`,
      span.params,
    )) as { day: string; model: string; app: string; category: string | null; requests: number; errors: number; input_tokens: string; output_tokens: string; cost: string; currency: string; latency_ms_sum: string; latency_buckets: number[] }[];
    for (const row of rows) {
      writer.add('usage', {
        ...row,
        input_tokens: Number(row.input_tokens),
        output_tokens: Number(row.output_tokens),
        cost: Number(Number(row.cost).toFixed(6)),
        latency_ms_sum: Number(row.latency_ms_sum),
      });
    }
    const users = (await manager.query(
      `SELECT u.model_id AS model, count(DISTINCT u.user_id)::int AS users
         FROM usage_records u WHERE ${span.within('u.created_at')} AND u.model_id = ANY($4::text[])
        GROUP BY GROUPING SETS ((u.model_id), ()) ORDER BY 1 NULLS LAST`,
      span.params,
    )) as { model: string | null; users: number }[];
    for (const row of users) writer.add('active_users', row);
  }
}

/** The period as SQL: $1 from, $2 to (days, inclusive), $3 the time zone, $4 the models. */
class PeriodParams {
  readonly params: unknown[];
  readonly start = `($1::date::timestamp AT TIME ZONE $3)`;
  readonly end = `(($2::date + 1)::timestamp AT TIME ZONE $3)`;

  constructor(period: BundlePeriod, timeZone: string) {
    this.params = [period.from, period.to, timeZone, period.modelIds];
  }

  within(column: string): string {
    return `${column} >= ${this.start} AND ${column} < ${this.end}`;
  }

  day(column: string): string {
    return `to_char((${column} AT TIME ZONE $3)::date, 'YYYY-MM-DD')`;
  }
}

/**
 * A stored response as the bundle holds it: structured answers that fit the question, and for free-text questions
 * only whether something was written.
 */
function anonymousResponse(survey: string, questions: readonly SurveyQuestionRecord[], modelsUsed: readonly string[], answers: Record<string, unknown>): SurveyResponseRecord {
  const kept: Record<string, number | string | string[]> = {};
  const textAnswered: string[] = [];
  for (const question of questions) {
    const answer = answers[question.id];
    if (answer === undefined || answer === null) continue;
    if (question.kind === 'text') {
      if (typeof answer === 'string' && answer.trim() !== '') textAnswered.push(question.id);
    } else if (question.kind === 'likert5' && typeof answer === 'number') kept[question.id] = answer;
    else if (question.kind === 'single' && typeof answer === 'string') kept[question.id] = answer;
    else if (question.kind === 'multiple' && Array.isArray(answer)) kept[question.id] = answer.filter((item): item is string => typeof item === 'string').sort();
  }
  return { survey, models_used: [...modelsUsed], answers: kept, text_answered: textAnswered };
}
