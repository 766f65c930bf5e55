import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { QuotaAllowanceView, QuotaPeriod, QuotaScope, QuotaStatusView } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Caller } from '../identity/caller';
import { QuotaCalendar } from './quota-calendar';
import { type ExhaustedLimit, quotaExceeded, ResetTimeFormat } from './quota-refusal';

/** Tokens and a request taken from every limit that applies, until the answer's real size is known. */
export interface QuotaReservation {
  /** Corrects the reserved estimate to what the request really used (input + output tokens). */
  settle(actualTokens: number): Promise<void>;
  /** Gives the request and its estimate back: nothing was sent to a model. */
  release(): Promise<void>;
}

/** One limit that applies to a caller, measured on one counter row. */
interface AppliedLimit {
  scope: QuotaScope;
  period: QuotaPeriod;
  subjectId: string;
  windowStart: string;
  resetsAt: Date;
  maxRequests: number | null;
  maxTokens: number | null;
}

type RuleLimits = Pick<AppliedLimit, 'maxRequests' | 'maxTokens'>;

/** How long rules are served from memory; an admin change reaches other replicas within this time. */
export const RULES_TTL_MS = 5_000;
const SCOPES: QuotaScope[] = ['user', 'organization'];
const PERIODS: QuotaPeriod[] = ['day', 'month'];

const NOTHING_RESERVED: QuotaReservation = { settle: () => Promise.resolve(), release: () => Promise.resolve() };

/**
 * Per-user and per-organisation quotas on requests and tokens per day and month.
 *
 * A reservation is one SQL statement (one round trip, its own transaction) that increments every applicable counter
 * only if all of them still have room, so all API replicas share exact counts; the first request of a day or month
 * first creates its counter rows (two more round trips). Rules are cached for RULES_TTL_MS, and a caller to whom no
 * rule applies costs no database work at all. Counters exist only while a rule applies: usage before a rule was
 * created is not counted against it.
 *
 * The check admits a request while `used + estimate <= max`; the real size is settled afterwards, so a token limit can
 * be overshot by what the requests in flight when it was reached write beyond their input estimate (their output).
 */
@Injectable()
export class QuotaService {
  private readonly calendar: QuotaCalendar;
  private readonly resetTimes: ResetTimeFormat;
  private rules?: { loadedAt: number; byKey: Map<string, RuleLimits> };
  private loadingRules?: Promise<Map<string, RuleLimits>>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.calendar = new QuotaCalendar(config.gateway.quotaTimeZone);
    this.resetTimes = new ResetTimeFormat(config.gateway.quotaTimeZone);
  }

  /**
   * Takes one request and `tokens` (the input estimate) from every limit that applies to the caller, or throws
   * 429 quota_exceeded (with Retry-After) and takes nothing.
   */
  async reserve(caller: Caller, request: { tokens: number }): Promise<QuotaReservation> {
    const now = Date.now();
    const limits = await this.limitsFor(caller, now);
    if (limits.length === 0) return NOTHING_RESERVED;
    const estimate = Math.max(0, Math.ceil(request.tokens));

    let counters = await this.takeFromAll(limits, estimate);
    if (counters.rows.length < limits.length) {
      // The first request of a window: create its counters, then take again.
      await this.dataSource.query(
        `INSERT INTO quota_counters (subject_type, subject_id, period, window_start, requests, tokens)
         SELECT *, 0, 0 FROM unnest($1::varchar[], $2::uuid[], $3::varchar[], $4::date[])
         ON CONFLICT DO NOTHING`,
        counterKeys(limits),
      );
      counters = await this.takeFromAll(limits, estimate);
    }
    if (!counters.taken) throw quotaExceeded(exhaustedLimit(limits, counters.rows, estimate), now, this.resetTimes);
    return new CounterReservation(this.dataSource, limits, estimate);
  }

  /**
   * One statement, so one round trip and its own transaction: lock the caller's counter rows (always in the same
   * order, so concurrent reservations cannot deadlock), check every limit on the rows as they are now, and increment
   * all of them only if all have room. Returns the counters as they were before.
   */
  private async takeFromAll(limits: AppliedLimit[], estimate: number): Promise<{ taken: boolean; rows: Usage[] }> {
    const params = [...counterKeys(limits), limits.length, estimate];
    const room = limits.map((limit) => {
      const checks: string[] = [];
      if (limit.maxRequests !== null) checks.push(`requests < $${params.push(limit.maxRequests)}::integer`);
      if (limit.maxTokens !== null) checks.push(`tokens + $6::bigint <= $${params.push(limit.maxTokens)}::bigint`);
      return `WHEN '${limit.scope}/${limit.period}' THEN ${checks.join(' AND ')}`;
    });
    const rows = (await this.dataSource.query(
      `WITH ${ASYNC_COMMIT},
       locked AS MATERIALIZED (
         SELECT subject_type, period, requests, tokens FROM quota_counters WHERE ${COUNTER_ROWS}
         ORDER BY subject_type, period FOR UPDATE
       ),
       allowed AS (
         SELECT count(*) = $5 AND coalesce(bool_and(CASE subject_type || '/' || period ${room.join(' ')} END), false) AS ok
         FROM locked, async_commit
       ),
       taken AS (
         UPDATE quota_counters SET requests = requests + 1, tokens = tokens + $6::bigint
         FROM allowed WHERE allowed.ok AND ${COUNTER_ROWS}
       )
       SELECT locked.subject_type AS scope, locked.period, locked.requests, locked.tokens, allowed.ok FROM locked, allowed`,
      params,
    )) as { scope: QuotaScope; period: QuotaPeriod; requests: number; tokens: string; ok: boolean }[];
    return {
      taken: rows.length === limits.length && rows.every((row) => row.ok),
      rows: rows.map((row) => ({ scope: row.scope, period: row.period, requests: row.requests, tokens: Number(row.tokens) })),
    };
  }

  /** The caller's limits with what is used and left in the current windows. */
  async status(caller: Caller): Promise<QuotaStatusView> {
    const limits = await this.limitsFor(caller, Date.now());
    const used = limits.length ? await usageOf(this.dataSource, limits) : [];
    const perMinute = this.config.gateway.rateLimitPerMinute.user;
    return {
      allowances: limits.map((limit): QuotaAllowanceView => {
        const { requests, tokens } = usageFor(used, limit);
        return {
          scope: limit.scope,
          period: limit.period,
          maxRequests: limit.maxRequests,
          maxTokens: limit.maxTokens,
          usedRequests: requests,
          usedTokens: tokens,
          remainingRequests: limit.maxRequests === null ? null : Math.max(0, limit.maxRequests - requests),
          remainingTokens: limit.maxTokens === null ? null : Math.max(0, limit.maxTokens - tokens),
          resetsAt: limit.resetsAt.toISOString(),
        };
      }),
      rateLimitPerMinute: perMinute > 0 ? perMinute : null,
    };
  }

  /** Drops the cached rules, so this replica applies an admin change at once (others within RULES_TTL_MS). */
  forgetRules(): void {
    this.rules = undefined;
  }

  /** For each scope and period, the organisation's own rule, else the platform default. */
  private async limitsFor(caller: Caller, now: number): Promise<AppliedLimit[]> {
    const rules = await this.currentRules(now);
    if (rules.size === 0) return [];
    const windows = this.calendar.windowsAt(now);
    const limits: AppliedLimit[] = [];
    for (const scope of SCOPES) {
      for (const period of PERIODS) {
        const rule = rules.get(ruleKey(caller.organizationId, scope, period)) ?? rules.get(ruleKey(null, scope, period));
        if (!rule) continue;
        const subjectId = scope === 'user' ? caller.userId : caller.organizationId;
        limits.push({ scope, period, subjectId, windowStart: windows[period].start, resetsAt: windows[period].resetsAt, ...rule });
      }
    }
    return limits;
  }

  private async currentRules(now: number): Promise<Map<string, RuleLimits>> {
    if (this.rules && now - this.rules.loadedAt < RULES_TTL_MS) return this.rules.byKey;
    this.loadingRules ??= this.loadRules().finally(() => {
      this.loadingRules = undefined;
    });
    return this.loadingRules;
  }

  private async loadRules(): Promise<Map<string, RuleLimits>> {
    const loadedAt = Date.now();
    const rows = (await this.dataSource.query(
      'SELECT scope, organization_id, period, max_requests, max_tokens FROM quota_rules',
    )) as { scope: QuotaScope; organization_id: string | null; period: QuotaPeriod; max_requests: number | null; max_tokens: string | null }[];
    const byKey = new Map<string, RuleLimits>();
    for (const row of rows) {
      byKey.set(ruleKey(row.organization_id, row.scope, row.period), {
        maxRequests: row.max_requests,
        maxTokens: row.max_tokens === null ? null : Number(row.max_tokens),
      });
    }
    this.rules = { loadedAt, byKey };
    return byKey;
  }
}

/** A counter's use in the current window. */
interface Usage {
  scope: QuotaScope;
  period: QuotaPeriod;
  requests: number;
  tokens: number;
}

function ruleKey(organizationId: string | null, scope: QuotaScope, period: QuotaPeriod): string {
  return `${organizationId ?? '*'}/${scope}/${period}`;
}

function exhausted(limit: AppliedLimit, measure: ExhaustedLimit['measure']): ExhaustedLimit {
  return {
    scope: limit.scope,
    period: limit.period,
    measure,
    max: (measure === 'requests' ? limit.maxRequests : limit.maxTokens) ?? 0,
    resetsAt: limit.resetsAt,
  };
}

/** After a refusal: the limit without room (the one that resets last, when several have none). */
function exhaustedLimit(limits: AppliedLimit[], counters: Usage[], estimate: number): ExhaustedLimit {
  const full: ExhaustedLimit[] = [];
  for (const limit of limits) {
    const { requests, tokens } = usageFor(counters, limit);
    if (limit.maxRequests !== null && requests >= limit.maxRequests) full.push(exhausted(limit, 'requests'));
    else if (limit.maxTokens !== null && tokens + estimate > limit.maxTokens) full.push(exhausted(limit, 'tokens'));
  }
  if (full.length === 0) return exhausted(limits[0], limits[0].maxRequests !== null ? 'requests' : 'tokens');
  return full.reduce((latest, limit) => (limit.resetsAt > latest.resetsAt ? limit : latest));
}

/** The counter rows of these limits, as `$1..$4` array parameters. */
function counterKeys(limits: AppliedLimit[]): unknown[] {
  return [limits.map((l) => l.scope), limits.map((l) => l.subjectId), limits.map((l) => l.period), limits.map((l) => l.windowStart)];
}

/**
 * Counter rows are hot: every request of an organisation updates its organisation's row, and a row lock is held until
 * the commit is flushed to disk. This CTE makes the statement's own transaction commit asynchronously
 * (`synchronous_commit = off`, local to that transaction), so the lock is released as soon as the change is visible
 * to every replica rather than after an fsync. Atomicity and isolation are unchanged; only if the database server
 * itself crashes can the increments of its last few hundred milliseconds (3 × wal_writer_delay) be lost — counts
 * then err in the users' favour, never against them. A statement must read from `async_commit` for it to run.
 */
const ASYNC_COMMIT = `async_commit AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true) AS setting)`;

const COUNTER_ROWS = `(subject_type, subject_id, period, window_start) IN (
  SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::varchar[], $4::date[]))`;

async function usageOf(dataSource: DataSource, limits: AppliedLimit[]): Promise<Usage[]> {
  const rows = (await dataSource.query(
    `SELECT subject_type AS scope, period, requests, tokens FROM quota_counters WHERE ${COUNTER_ROWS}`,
    counterKeys(limits),
  )) as (Omit<Usage, 'tokens'> & { tokens: string })[];
  return rows.map((row) => ({ ...row, tokens: Number(row.tokens) }));
}

function usageFor(counters: Usage[], limit: AppliedLimit): Pick<Usage, 'requests' | 'tokens'> {
  return counters.find((c) => c.scope === limit.scope && c.period === limit.period) ?? { requests: 0, tokens: 0 };
}

/** A reservation on counter rows; settles or releases once. */
class CounterReservation implements QuotaReservation {
  private done = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly limits: AppliedLimit[],
    private readonly estimate: number,
  ) {}

  async settle(actualTokens: number): Promise<void> {
    if (this.done) return;
    this.done = true;
    const delta = Math.max(0, Math.ceil(actualTokens)) - this.estimate;
    if (delta === 0) return;
    await this.dataSource.query(
      `WITH ${ASYNC_COMMIT} UPDATE quota_counters SET tokens = GREATEST(tokens + $5::bigint, 0) FROM async_commit WHERE ${COUNTER_ROWS}`,
      [...counterKeys(this.limits), delta],
    );
  }

  async release(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.dataSource.query(
      `WITH ${ASYNC_COMMIT}
       UPDATE quota_counters SET requests = GREATEST(requests - 1, 0), tokens = GREATEST(tokens - $5::bigint, 0)
       FROM async_commit WHERE ${COUNTER_ROWS}`,
      [...counterKeys(this.limits), this.estimate],
    );
  }
}
