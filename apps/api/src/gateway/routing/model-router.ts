import type { UsageAttempt } from '../../usage/usage-record.entity';
import type { ChatChunk, ChatRequest } from '../model-client';
import { UpstreamError } from '../upstream.error';
import { backoffDelay, sleep } from './backoff';
import type { RoutedDeployment } from './routed-deployment';
import { pickDeployment } from './weighted-pick';

/** The models to try for one request, in order: the requested one, then its fallbacks (already allowed by policy). */
export interface RoutePlan {
  models: { id: string; deployments: RoutedDeployment[] }[];
}

/** Told about every attempt, and about the deployment whose answer reaches the caller. */
export interface RouteObserver {
  attempt(attempt: UsageAttempt): void;
  answering(answer: { modelId: string; deploymentId: string }): void;
}

export interface RouterOptions {
  /** Attempts per model, across its deployments. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per retry. */
  baseDelayMs: number;
  /** Longest backoff, and the longest Retry-After honoured (a longer one moves on instead of waiting). */
  maxDelayMs?: number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const MAX_DELAY_DEFAULT_MS = 5_000;

/**
 * Sends one request to a model through its deployments and fallbacks: weighted choice among deployments whose
 * circuit admits a request, retries with exponential backoff and full jitter on retryable failures — only while
 * nothing has reached the caller —, then the next model of the plan. Every attempt is reported to the observer.
 */
export class ModelRouter {
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly options: RouterOptions) {
    this.maxDelayMs = options.maxDelayMs ?? MAX_DELAY_DEFAULT_MS;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? sleep;
  }

  async *stream(plan: RoutePlan, request: ChatRequest, observer: RouteObserver): AsyncIterable<ChatChunk> {
    const { signal } = request;
    let lastError: UpstreamError | undefined;
    let retries = 0;
    for (const model of plan.models) {
      const tried = new Set<string>();
      for (let attempt = 0; attempt < this.options.maxAttempts; attempt++) {
        signal.throwIfAborted();
        const deployment = pickDeployment(model.deployments, tried, this.random);
        if (!deployment) {
          if (tried.size === 0) {
            lastError = new UpstreamError('upstream_unavailable', `no deployment of model "${model.id}" is available (all circuits open or none configured)`);
            observer.attempt(attemptOf(model.id, model.deployments[0]?.id ?? 'none', 'circuit_open', null, 0));
          }
          break;
        }
        tried.add(deployment.id);
        const started = performance.now();
        let answered = false;
        let inputTokens: number | null = null;
        let outputTokens: number | null = null;
        try {
          for await (const chunk of deployment.client.streamChat(request)) {
            if (chunk.type === 'delta') {
              if (!answered) {
                answered = true;
                observer.answering({ modelId: model.id, deploymentId: deployment.id });
              }
            } else {
              inputTokens = chunk.inputTokens;
              outputTokens = chunk.outputTokens;
            }
            yield chunk;
          }
          deployment.breaker.onSuccess();
          if (!answered) observer.answering({ modelId: model.id, deploymentId: deployment.id });
          observer.attempt({ ...attemptOf(model.id, deployment.id, 'ok', 200, elapsed(started)), inputTokens, outputTokens });
          return;
        } catch (error) {
          const latencyMs = elapsed(started);
          if (signal.aborted || !(error instanceof UpstreamError)) {
            deployment.breaker.onNeutral();
            observer.attempt({ ...attemptOf(model.id, deployment.id, signal.aborted ? 'interrupted' : 'internal_error', null, latencyMs), inputTokens, outputTokens });
            throw error;
          }
          // A 429 says the deployment is busy, not broken: it does not count towards opening the circuit.
          if (error.code === 'upstream_rate_limited') deployment.breaker.onNeutral();
          else deployment.breaker.onFailure();
          observer.attempt({ ...attemptOf(model.id, deployment.id, error.code, error.status ?? null, latencyMs), inputTokens, outputTokens });
          lastError = error;
          // Never retry once part of the answer has reached the user: they keep it, labelled as failed.
          if (answered) throw error;
          if (!error.retryable || attempt + 1 >= this.options.maxAttempts) continue;
          const onlyRetriesLeft = model.deployments.every((d) => tried.has(d.id));
          let delay = backoffDelay(retries++, this.options.baseDelayMs, this.maxDelayMs, this.random);
          if (onlyRetriesLeft && error.retryAfterMs !== undefined) {
            if (error.retryAfterMs > this.maxDelayMs) break; // waiting that long is worse than the next model
            delay = Math.max(delay, error.retryAfterMs);
          }
          await this.sleep(delay, signal);
        }
      }
    }
    throw lastError ?? new UpstreamError('upstream_unavailable', 'no model could be tried');
  }
}

function attemptOf(modelId: string, deploymentId: string, outcome: string, httpStatus: number | null, latencyMs: number): UsageAttempt {
  return { modelId, deploymentId, outcome, httpStatus, latencyMs, inputTokens: null, outputTokens: null };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
