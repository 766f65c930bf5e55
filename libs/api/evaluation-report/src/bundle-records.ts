import { BundleError } from './bundle-error';
import type {
  ActiveUsersRecord,
  BundleSection,
  LocalizedLabel,
  RatingRecord,
  SurveyQuestionKind,
  SurveyQuestionRecord,
  SurveyRecord,
  SurveyResponseRecord,
  UsageRecord,
  VoteRecord,
} from './bundle-format';

/**
 * One line per record, keys in a fixed order (the `section` first): the exporter and a rebuild write the same bytes
 * for the same records, which is what the per-section hashes and "byte-identical" rest on.
 */
export type RecordOf<S extends BundleSection> = {
  vote: VoteRecord;
  rating: RatingRecord;
  survey: SurveyRecord;
  survey_response: SurveyResponseRecord;
  usage: UsageRecord;
  active_users: ActiveUsersRecord;
}[S];

export function encodeRecord<S extends BundleSection>(section: S, record: RecordOf<S>): string {
  return JSON.stringify(ENCODERS[section](record as never));
}

/** Reads one record of `section` from a parsed line, refusing anything that is not exactly the documented shape. */
export function decodeRecord<S extends BundleSection>(section: S, value: unknown, line: number): RecordOf<S> {
  const fields = new RecordFields(section, value, line);
  const record = DECODERS[section](fields) as RecordOf<S>;
  fields.refuseUnknownKeys(Object.keys(record));
  return record;
}

const ENCODERS: { [S in BundleSection]: (record: RecordOf<S>) => object } = {
  vote: (r) => ({
    section: 'vote',
    model_a: r.model_a,
    model_b: r.model_b,
    winner: r.winner,
    category: r.category,
    app: r.app,
    day: r.day,
    length_a: r.length_a,
    length_b: r.length_b,
    markdown_a: r.markdown_a,
    markdown_b: r.markdown_b,
  }),
  rating: (r) => ({ section: 'rating', model: r.model, value: r.value, tags: [...r.tags].sort(), category: r.category, app: r.app, day: r.day }),
  survey: (r) => ({
    section: 'survey',
    survey: r.survey,
    title: localized(r.title),
    questions: r.questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      text: localized(q.text),
      options: q.options.map((o) => ({ id: o.id, text: localized(o.text) })),
    })),
  }),
  survey_response: (r) => ({
    section: 'survey_response',
    survey: r.survey,
    models_used: [...r.models_used].sort(),
    // Question ids sorted, so two exports of the same answers are the same bytes whatever order the database gave.
    answers: Object.fromEntries(
      Object.keys(r.answers)
        .sort()
        .map((id) => [id, r.answers[id]]),
    ),
    text_answered: [...r.text_answered].sort(),
  }),
  usage: (r) => ({
    section: 'usage',
    day: r.day,
    model: r.model,
    app: r.app,
    category: r.category,
    requests: r.requests,
    errors: r.errors,
    input_tokens: r.input_tokens,
    output_tokens: r.output_tokens,
    cost: r.cost,
    currency: r.currency,
    latency_ms_sum: r.latency_ms_sum,
    latency_buckets: r.latency_buckets,
  }),
  active_users: (r) => ({ section: 'active_users', model: r.model, users: r.users }),
};

function localized(label: LocalizedLabel): LocalizedLabel {
  return { ja: label.ja, en: label.en };
}

const WINNERS: readonly VoteRecord['winner'][] = ['a', 'b', 'tie', 'both_bad'];
const QUESTION_KINDS: readonly SurveyQuestionKind[] = ['likert5', 'single', 'multiple', 'text'];

const DECODERS: { [S in BundleSection]: (fields: RecordFields) => RecordOf<S> } = {
  vote: (f) => {
    const record: VoteRecord = {
      model_a: f.string('model_a'),
      model_b: f.string('model_b'),
      winner: f.oneOf('winner', WINNERS),
      category: f.nullableString('category'),
      app: f.string('app'),
      day: f.day('day'),
      length_a: f.nullableCount('length_a'),
      length_b: f.nullableCount('length_b'),
      markdown_a: f.nullableCount('markdown_a'),
      markdown_b: f.nullableCount('markdown_b'),
    };
    if (record.model_a === record.model_b) f.fail(`compares model "${record.model_a}" with itself`);
    return record;
  },
  rating: (f) => ({
    model: f.string('model'),
    value: f.oneOf('value', ['like', 'dislike'] as const),
    tags: f.strings('tags'),
    category: f.nullableString('category'),
    app: f.string('app'),
    day: f.day('day'),
  }),
  survey: (f) => ({
    survey: f.string('survey'),
    title: f.localized(f.value('title'), 'title'),
    questions: f.array('questions').map((item, i): SurveyQuestionRecord => {
      const question = f.object(item, `questions[${i}]`);
      return {
        id: f.string('id', question),
        kind: f.oneOf('kind', QUESTION_KINDS, question),
        text: f.localized(question['text'], `questions[${i}].text`),
        options: f.array('options', question).map((option, k) => {
          const o = f.object(option, `questions[${i}].options[${k}]`);
          return { id: f.string('id', o), text: f.localized(o['text'], `questions[${i}].options[${k}].text`) };
        }),
      };
    }),
  }),
  survey_response: (f) => {
    const answers = f.object(f.value('answers'), 'answers');
    for (const [id, answer] of Object.entries(answers)) {
      const ok =
        (typeof answer === 'number' && Number.isInteger(answer)) ||
        typeof answer === 'string' ||
        (Array.isArray(answer) && answer.every((item) => typeof item === 'string'));
      if (!ok) f.fail(`answer to "${id}" is neither a whole number, an option id nor a list of option ids`);
    }
    return {
      survey: f.string('survey'),
      models_used: f.strings('models_used'),
      answers: answers as SurveyResponseRecord['answers'],
      text_answered: f.strings('text_answered'),
    };
  },
  usage: (f) => ({
    day: f.day('day'),
    model: f.string('model'),
    app: f.string('app'),
    category: f.nullableString('category'),
    requests: f.count('requests'),
    errors: f.count('errors'),
    input_tokens: f.count('input_tokens'),
    output_tokens: f.count('output_tokens'),
    cost: f.finite('cost'),
    currency: f.string('currency'),
    latency_ms_sum: f.count('latency_ms_sum'),
    latency_buckets: f.array('latency_buckets').map((count, i) => f.asCount(count, `latency_buckets[${i}]`)),
  }),
  active_users: (f) => ({ model: f.nullableString('model'), users: f.count('users') }),
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Typed reads of one record's fields; every failure names the section, line and field. */
class RecordFields {
  private readonly record: Record<string, unknown>;
  /** Top-level fields read so far; `section` was read by the caller. Each decoder reads each field once. */
  private fieldsRead = 1;

  constructor(
    private readonly section: BundleSection,
    value: unknown,
    private readonly line: number,
  ) {
    this.record = this.object(value, 'record');
  }

  fail(message: string): never {
    throw new BundleError(this.section, message, this.line);
  }

  value(name: string): unknown {
    this.fieldsRead++;
    return this.record[name];
  }

  object(value: unknown, what: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(`${what} is not an object`);
    return value as Record<string, unknown>;
  }

  array(name: string, from?: Record<string, unknown>): unknown[] {
    const value = from ? from[name] : this.value(name);
    if (!Array.isArray(value)) this.fail(`"${name}" is not a list`);
    return value;
  }

  string(name: string, from?: Record<string, unknown>): string {
    const value = from ? from[name] : this.value(name);
    if (typeof value !== 'string' || value === '') this.fail(`"${name}" is not a non-empty string`);
    return value;
  }

  nullableString(name: string): string | null {
    const value = this.value(name);
    if (value === null) return null;
    if (typeof value !== 'string' || value === '') this.fail(`"${name}" is neither null nor a non-empty string`);
    return value;
  }

  strings(name: string): string[] {
    const list = this.array(name);
    if (!list.every((item) => typeof item === 'string')) this.fail(`"${name}" is not a list of strings`);
    return list as string[];
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], from?: Record<string, unknown>): T {
    const value = from ? from[name] : this.value(name);
    if (!allowed.includes(value as T)) this.fail(`"${name}" is ${JSON.stringify(value)}, not one of ${allowed.join(', ')}`);
    return value as T;
  }

  day(name: string): string {
    const value = this.string(name);
    if (!DAY.test(value)) this.fail(`"${name}" is not a day (YYYY-MM-DD)`);
    return value;
  }

  asCount(value: unknown, name: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) this.fail(`"${name}" is not a whole number ≥ 0`);
    return value;
  }

  count(name: string): number {
    return this.asCount(this.value(name), name);
  }

  nullableCount(name: string): number | null {
    const value = this.value(name);
    return value === null ? null : this.asCount(value, name);
  }

  finite(name: string): number {
    const value = this.value(name);
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(`"${name}" is not a number`);
    return value;
  }

  localized(value: unknown, what: string): LocalizedLabel {
    const label = this.object(value, what);
    if (typeof label['ja'] !== 'string' || typeof label['en'] !== 'string') this.fail(`${what} needs "ja" and "en" text`);
    return { ja: label['ja'], en: label['en'] };
  }

  /**
   * Unknown keys are refused: a reader that ignored them would build a report from data it did not understand. Every
   * field read was present (a missing one fails its read), so more keys than reads means an unknown one.
   */
  refuseUnknownKeys(known: readonly string[]): void {
    const keys = Object.keys(this.record);
    if (keys.length === this.fieldsRead) return;
    const unknown = keys.find((key) => key !== 'section' && !known.includes(key));
    this.fail(`unknown field "${unknown}"`);
  }
}
