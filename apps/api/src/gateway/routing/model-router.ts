import type { UsageAttempt } from '../../usage/usage-record.entity';
import type { ChatChunk, ChatRequest } from '../model-client';
import { UpstreamError } from '../upstream.error';
import { backoffDelay, sleep } from './backoff';
import type { RoutedDeployment } from './routed-deployment';
import { pickWeighted } from './weighted-pick';

/** The models to try for one request, in order: the requested one, then its fallbacks (already allowed by policy). */
export interface RoutePlan {
  models: { id: string; deployments: RoutedDeployment[] }[];
}

/** Told about every attempt, and about the deployment whose answer reaches the caller. */
export interface RouteObserver {
  /** Once per attempt when it ends, and once per deployment skipped because its circuit was open. */
  attempt(attempt: UsageAttempt): void;
  /** Right before the first chunk of the answering attempt is yielded (or when it ends, for an empty answer). */
  answering(answer: { modelId: string; deploymentId: string }): void;
}

export interface RouterOptions {
  /** Attempts per model of the plan, across its deployments. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per retry. */
  baseDelayMs: number;
  /** Longest backoff, and the longest Retry-After honoured (default 5 s); a longer one moves on instead of waiting. */
  maxDelayMs?: number;
  /** [0, 1): picks deployments and jitters backoff; seeded in tests. */
  random?: () => number;
  /** Waits before a retry; must reject with `signal.reason` when it aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const DEFAULT_MAX_DELAY_MS = 5_000;

/**
 * Sends one request to a model through its deployments and fallbacks.
 *
 * - Each model of the plan gets up to `maxAttempts` attempts. Each attempt goes to a deployment not yet tried when
 *   there is one (weighted random choice; weight-0 standbys only when no weighted one is available), else it retries
 *   one already tried; a deployment whose circuit is open is skipped.
 * - Failing over to a deployment not yet tried, or to the next model, happens at once. Retrying a deployment already
 *   tried waits an exponential backoff with full jitter, and at least its Retry-After; a Retry-After longer than
 *   `maxDelayMs` rules that deployment out for this request instead.
 * - Retried: UpstreamErrors marked retryable (429, 408, 5xx, connect errors, timeouts, broken or malformed answers).
 *   Not retried on the same deployment: the other UpstreamErrors (4xx: key, model name, request) — the next
 *   deployment and the fallbacks still are tried, without waiting. Anything else (a bug) propagates at once.
 * - Nothing is retried once a chunk has reached the caller: the error propagates as is, and the caller keeps the
 *   partial answer. An abort of `request.signal` stops everything and throws its reason.
 * - Circuit breakers: a retryable failure other than 429 counts as a failure; a 429 means "busy", not "broken", so
 *   it does not open the circuit (nor does a non-retryable error, which is about the request or the configuration,
 *   or an abort); a complete answer is a success.
 */
export class ModelRouter {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(options: RouterOptions) {
    this.maxAttempts = Math.max(1, options.maxAttempts);
    this.baseDelayMs = options.baseDelayMs;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? sleep;
  }

  async *stream(plan: RoutePlan, request: ChatRequest, observer: RouteObserver): AsyncIterable<ChatChunk> {
    const { signal } = request;
    /** The last failure of a real attempt: what the caller is told when every model fails. */
    let lastError: UpstreamError | undefined;
    let circuitsOpen = false;
    let retries = 0;
    for (const model of plan.models) {
      const turns = new DeploymentTurns(model.deployments);
      let attempts = 0;
      while (attempts < this.maxAttempts) {
        if (signal.aborted) throw signal.reason;
        const index = turns.next(this.random);
        if (index < 0) break;
        const deployment = model.deployments[index];
        if (turns.tried(index)) {
          const backoff = backoffDelay(retries++, this.baseDelayMs, this.maxDelayMs, this.random);
          await this.sleep(Math.max(backoff, turns.retryAfterMs(index)), signal);
        }
        if (!deployment.breaker.tryAcquire()) {
          turns.refused(index); // a half-open circuit whose one trial is under way
          continue;
        }
        attempts += 1;

        const started = performance.now();
        let outcome: string | undefined;
        let health: 'success' | 'failure' | 'neutral' = 'neutral';
        let httpStatus: number | null = null;
        let committed = false;
        let inputTokens: number | null = null;
        let outputTokens: number | null = null;
        try {
          for await (const chunk of deployment.client.streamChat(request)) {
            if (!committed) {
              committed = true;
              observer.answering({ modelId: model.id, deploymentId: deployment.id });
            }
            if (chunk.type === 'usage') {
              inputTokens = chunk.inputTokens;
              outputTokens = chunk.outputTokens;
            }
            yield chunk;
          }
          if (!committed) observer.answering({ modelId: model.id, deploymentId: deployment.id });
          outcome = 'ok';
          httpStatus = 200;
          health = 'success';
        } catch (error) {
          if (signal.aborted) throw signal.reason; // recorded as interrupted below
          if (!(error instanceof UpstreamError)) {
            outcome = 'internal_error';
            throw error;
          }
          outcome = error.code;
          httpStatus = error.status ?? (committed ? 200 : null);
          if (error.retryable && error.code !== 'upstream_rate_limited') health = 'failure';
          lastError = error;
          // Never retried once part of the answer has reached the caller: they keep it, labelled as failed.
          if (committed) throw error;
          turns.failed(index, error, this.maxDelayMs);
        } finally {
          // Without an outcome the attempt was stopped: an abort, or the caller stopped reading (which cancels it).
          if (health === 'success') deployment.breaker.onSuccess();
          else if (health === 'failure') deployment.breaker.onFailure();
          else deployment.breaker.release();
          observer.attempt({
            modelId: model.id,
            deploymentId: deployment.id,
            outcome: outcome ?? 'interrupted',
            httpStatus,
            latencyMs: Math.round(performance.now() - started),
            inputTokens,
            outputTokens,
          });
        }
        if (outcome === 'ok') return;
      }
      if (turns.reportOpenCircuits(model.id, observer)) circuitsOpen = true;
    }
    if (lastError) throw lastError;
    const models = plan.models.map((m) => `"${m.id}"`).join(', ');
    throw circuitsOpen
      ? new UpstreamError('upstream_unavailable', `circuit open: no deployment of ${models} admits requests now`)
      : new UpstreamError('upstream_unavailable', `no deployment is configured for ${models || 'the request'}`, { retryable: false });
  }
}

const FRESH = 0;
const RETRY = 1;
const DONE = 2;
const REFUSED = 3;

/** What one request has learnt so far about one model's deployments (indexes are those of `deployments`). */
class DeploymentTurns {
  private readonly status: number[];
  /** performance.now() before which a RETRY deployment asked not to be called again (Retry-After). */
  private readonly notBefore: number[];
  private readonly isFresh = (d: RoutedDeployment, i: number) => this.status[i] === FRESH && d.breaker.state !== 'open';
  private readonly isRetry = (d: RoutedDeployment, i: number) => this.status[i] === RETRY && d.breaker.state !== 'open';

  constructor(private readonly deployments: readonly RoutedDeployment[]) {
    this.status = new Array<number>(deployments.length).fill(FRESH);
    this.notBefore = new Array<number>(deployments.length).fill(0);
  }

  /** The index of the deployment for the next attempt (one not yet tried first), or -1 when none can be tried. */
  next(random: () => number): number {
    const chosen = pickWeighted(this.deployments, this.isFresh, random) ?? pickWeighted(this.deployments, this.isRetry, random);
    return chosen ? this.deployments.indexOf(chosen) : -1;
  }

  tried(index: number): boolean {
    return this.status[index] === RETRY;
  }

  /** How long the deployment's Retry-After still asks to wait, in ms (0 when it gave none). */
  retryAfterMs(index: number): number {
    return Math.max(0, this.notBefore[index] - performance.now());
  }

  failed(index: number, error: UpstreamError, maxDelayMs: number): void {
    const wait = error.retryAfterMs ?? 0;
    if (!error.retryable || wait > maxDelayMs) this.status[index] = DONE;
    else {
      this.status[index] = RETRY;
      this.notBefore[index] = performance.now() + wait;
    }
  }

  refused(index: number): void {
    this.status[index] = REFUSED;
  }

  /** Records a `circuit_open` attempt for each deployment skipped because of its circuit; whether there was one. */
  reportOpenCircuits(modelId: string, observer: RouteObserver): boolean {
    let any = false;
    for (let i = 0; i < this.deployments.length; i++) {
      const deployment = this.deployments[i];
      const skipped = this.status[i] === REFUSED || (this.status[i] === FRESH && deployment.breaker.state === 'open');
      if (!skipped) continue;
      any = true;
      observer.attempt({
        modelId,
        deploymentId: deployment.id,
        outcome: 'circuit_open',
        httpStatus: null,
        latencyMs: 0,
        inputTokens: null,
        outputTokens: null,
      });
    }
    return any;
  }
}
