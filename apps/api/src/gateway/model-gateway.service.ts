import { Inject, Injectable } from '@nestjs/common';
import type { InformationClass, ModelView, UsageApp, UsageOutcome } from '@gennai/contracts';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { LOGGER } from '../logging/logger';
import { QuotaService, type QuotaReservation } from '../quotas/quota.service';
import { RateLimiter } from '../quotas/rate-limiter';
import type { UsageAttempt } from '../usage/usage-record.entity';
import { UsageRecorder } from '../usage/usage-recorder.service';
import { type CatalogEntry, costOf, toModelView } from './catalog/catalog-entry';
import { ModelCatalog } from './catalog/model-catalog';
import { acceptsInformationClass, mayUse, refusalFor } from './model-access.policy';
import type { ChatChunk, ChatRequest, ChatTurn } from './model-client';
import { ModelRouter, type RoutePlan } from './routing/model-router';
import { UpstreamError } from './upstream.error';

/** One request for an answer, from the chat UI or the OpenAI-compatible API. */
export interface GatewayCall {
  caller: Caller;
  app: UsageApp;
  modelId: string;
  informationClass: InformationClass;
  messages: ChatTurn[];
  options?: Pick<ChatRequest, 'maxOutputTokens' | 'temperature' | 'topP' | 'stop'>;
  conversationId?: string;
  messageId?: string;
  /** Answer with the requested model or fail: no fallback chain (a blind battle names the model it compared). */
  withoutFallback?: boolean;
}

/** A call that passed policy, rate limit and quota: stream it once, or release it. */
export interface AdmittedCall {
  /** Routes the request (deployments, retries, fallbacks), then records usage and settles the quota. */
  stream(signal: AbortSignal): AsyncIterable<ChatChunk>;
  /** After the stream: the model and deployment that answered (a fallback model when the requested one failed). */
  readonly answeredBy: { modelId: string; deploymentId: string } | null;
  /** Gives the quota reservation back when stream() will not be called. */
  release(): Promise<void>;
}

/**
 * The one way into a model, for every app: policy (organisation, role, API-key scope, information class), rate limit
 * and quota before anything is sent; routing with retries and fallbacks; one usage record per request.
 */
@Injectable()
export class ModelGateway {
  private readonly router: ModelRouter;

  constructor(
    private readonly catalog: ModelCatalog,
    private readonly quotas: QuotaService,
    private readonly rateLimiter: RateLimiter,
    private readonly usage: UsageRecorder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.router = new ModelRouter(config.gateway.retry);
  }

  /** The models the caller may use, in catalogue order. */
  allowedModels(caller: Caller): ModelView[] {
    return this.catalog
      .entries()
      .filter((entry) => mayUse(caller, entry))
      .map(toModelView);
  }

  /**
   * Throws the refusal (400 unknown_model, 403 model_not_allowed / information_class_exceeded) when the caller may not
   * send a conversation of this class to the model. Refusals by policy are logged and recorded as usage.
   */
  checkPolicy(call: Pick<GatewayCall, 'caller' | 'app' | 'modelId' | 'informationClass' | 'conversationId' | 'messageId'>): CatalogEntry {
    const entry = this.catalog.get(call.modelId);
    const refusal = refusalFor(call.caller, entry, call.modelId, call.informationClass);
    if (refusal) {
      if (refusal.statusCode === 403) this.refused(call, refusal);
      throw refusal;
    }
    return entry as CatalogEntry;
  }

  /**
   * Policy → rate limit → quota. Throws an ApiException (400, 403, 429) and sends nothing upstream when refused;
   * refusals by policy or quota are logged and recorded as usage with outcome `refused`.
   */
  async admit(call: GatewayCall): Promise<AdmittedCall> {
    const { caller } = call;
    const entry = this.checkPolicy(call);
    this.rateLimiter.take(`user:${caller.userId}`, this.config.gateway.rateLimitPerMinute.user);
    const estimate = estimateTokens(call.messages);
    let reservation: QuotaReservation;
    try {
      reservation = await this.quotas.reserve(caller, { tokens: estimate });
    } catch (error) {
      if ((error as ApiException).code === 'quota_exceeded') this.refused(call, error as ApiException);
      throw error;
    }
    const fallbacks = call.withoutFallback ? [] : this.fallbacksOf(entry, call);
    const plan: RoutePlan = { models: [entry, ...fallbacks].map((m) => ({ id: m.id, deployments: m.deployments })) };
    return new GatewayStream(call, entry, plan, estimate, reservation, this.router, this.catalog, this.usage, this.logger);
  }

  /**
   * A request Gennai makes on its own behalf (the task-category judge): no user stands behind it, so there is no
   * per-user policy, rate limit, quota or usage record — only the catalogue's own rules: the model must be enabled and
   * accept the information class, or nothing is sent. Routed through the model's deployments with retries (no
   * fallbacks: the operator named this model); returns the whole answer.
   */
  async completeAsSystem(call: { modelId: string; informationClass: InformationClass; messages: ChatTurn[]; options?: GatewayCall['options']; signal: AbortSignal }): Promise<string> {
    const entry = this.catalog.get(call.modelId);
    if (!entry?.enabled) throw new Error(`system call: model ${call.modelId} is not in the catalogue or is disabled`);
    if (!acceptsInformationClass(entry, call.informationClass)) {
      throw new Error(`system call: model ${call.modelId} may not receive information class ${call.informationClass}`);
    }
    const plan: RoutePlan = { models: [{ id: entry.id, deployments: entry.deployments }] };
    const observer = { attempt: () => undefined, answering: () => undefined };
    let text = '';
    for await (const chunk of this.router.stream(plan, { messages: call.messages, signal: call.signal, ...call.options }, observer)) {
      if (chunk.type === 'delta') text += chunk.text;
    }
    return text;
  }

  /** The fallback chain, keeping only models this caller may use with this information class. */
  private fallbacksOf(entry: CatalogEntry, call: GatewayCall): CatalogEntry[] {
    const chain: CatalogEntry[] = [];
    for (const id of entry.fallbackModelIds) {
      const fallback = this.catalog.get(id);
      if (fallback && fallback.id !== entry.id && mayUse(call.caller, fallback) && acceptsInformationClass(fallback, call.informationClass)) {
        chain.push(fallback);
      }
    }
    return chain;
  }

  private refused(call: Pick<GatewayCall, 'caller' | 'app' | 'modelId' | 'informationClass' | 'conversationId' | 'messageId'>, error: ApiException) {
    this.logger.warn(
      { userId: call.caller.userId, organizationId: call.caller.organizationId, modelId: call.modelId, informationClass: call.informationClass, code: error.code, app: call.app },
      'model request refused',
    );
    this.usage.record({
      createdAt: new Date(),
      organizationId: call.caller.organizationId,
      userId: call.caller.userId,
      apiKeyId: call.caller.apiKey?.id ?? null,
      app: call.app,
      requestedModelId: call.modelId.slice(0, 64),
      modelId: call.modelId.slice(0, 64),
      deploymentId: null,
      inputTokens: 0,
      outputTokens: 0,
      cost: 0,
      currency: 'JPY',
      latencyMs: 0,
      timeToFirstTokenMs: null,
      outcome: 'refused',
      errorCode: error.code,
      attempts: [],
      conversationId: call.conversationId ?? null,
      messageId: call.messageId ?? null,
    });
  }
}

class GatewayStream implements AdmittedCall {
  answeredBy: { modelId: string; deploymentId: string } | null = null;
  private used = false;

  constructor(
    private readonly call: GatewayCall,
    private readonly entry: CatalogEntry,
    private readonly plan: RoutePlan,
    private readonly estimate: number,
    private readonly reservation: QuotaReservation,
    private readonly router: ModelRouter,
    private readonly catalog: ModelCatalog,
    private readonly usage: UsageRecorder,
    private readonly logger: Logger,
  ) {}

  release(): Promise<void> {
    if (this.used) return Promise.resolve();
    this.used = true;
    return this.reservation.release();
  }

  async *stream(signal: AbortSignal): AsyncIterable<ChatChunk> {
    if (this.used) throw new Error('An admitted call streams once');
    this.used = true;
    const started = performance.now();
    const attempts: UsageAttempt[] = [];
    let firstTokenMs: number | null = null;
    let inputTokens: number | null = null;
    let outputTokens: number | null = null;
    let outputChars = 0;
    let outcome: UsageOutcome = 'failed';
    let errorCode: string | null = null;
    try {
      const request: ChatRequest = { messages: this.call.messages, signal, ...this.call.options, conversationKey: this.call.conversationId };
      const observer = {
        attempt: (attempt: UsageAttempt) => attempts.push(attempt),
        answering: (answer: { modelId: string; deploymentId: string }) => {
          this.answeredBy = answer;
        },
      };
      for await (const chunk of this.router.stream(this.plan, request, observer)) {
        if (chunk.type === 'delta') {
          if (firstTokenMs === null) firstTokenMs = Math.round(performance.now() - started);
          outputChars += chunk.text.length;
        } else {
          inputTokens = chunk.inputTokens;
          outputTokens = chunk.outputTokens;
        }
        yield chunk;
      }
      outcome = 'complete';
    } catch (error) {
      outcome = signal.aborted ? 'interrupted' : 'failed';
      errorCode = signal.aborted ? 'interrupted' : error instanceof UpstreamError ? error.code : 'internal_error';
      throw error;
    } finally {
      // Providers that report no usage are charged an estimate, so quotas still bite.
      const input = inputTokens ?? this.estimate;
      const output = outputTokens ?? Math.ceil(outputChars / 2);
      const answered = this.answeredBy ? this.catalog.get(this.answeredBy.modelId) ?? this.entry : this.entry;
      this.reservation.settle(input + output).catch((err: unknown) => this.logger.error({ err }, 'quota settlement failed'));
      this.usage.record({
        createdAt: new Date(),
        organizationId: this.call.caller.organizationId,
        userId: this.call.caller.userId,
        apiKeyId: this.call.caller.apiKey?.id ?? null,
        app: this.call.app,
        requestedModelId: this.entry.id,
        modelId: answered.id,
        deploymentId: this.answeredBy?.deploymentId ?? null,
        inputTokens: input,
        outputTokens: output,
        cost: costOf(answered, input, output),
        currency: answered.pricing.currency,
        latencyMs: Math.round(performance.now() - started),
        timeToFirstTokenMs: firstTokenMs,
        outcome,
        errorCode,
        attempts,
        conversationId: this.call.conversationId ?? null,
        messageId: this.call.messageId ?? null,
      });
    }
  }
}

/** A deliberately generous estimate of input tokens (Japanese runs about one token per one or two characters). */
export function estimateTokens(messages: ChatTurn[]): number {
  let chars = 0;
  for (const message of messages) chars += message.content.length;
  return Math.ceil(chars / 2) + 4 * messages.length;
}
