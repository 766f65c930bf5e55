import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { InformationClass, Locale } from '@gennai/contracts';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { apiMessageSent } from '../audit/audit-events';
import { AuditLog, type AuditEvent } from '../audit/audit-log.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ChatChunk, ChatTurn } from '../gateway/model-client';
import { type AdmittedCall, ModelGateway, estimateTokens } from '../gateway/model-gateway.service';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { LOGGER } from '../logging/logger';
import { Organization } from '../organizations/organization.entity';
import { PiiGuard } from '../pii-guard/pii-guard.service';
import { RateLimiter } from '../quotas/rate-limiter';
import { type ChatCompletionRequest, toChatOptions, toChatTurns } from './chat-completion.request';
import { sseErrorEvent, toApiException } from './openai-error';

export const INFORMATION_CLASS_HEADER = 'x-gennai-information-class';
/** `true`: the program confirms a PII warning and sends the messages as they are (organisations on `warn`). */
export const PII_CONFIRM_HEADER = 'x-gennai-pii-confirm';

/** The Gennai headers of a chat completion request, as received. */
export interface GennaiHeaders {
  informationClass: string | undefined;
  piiConfirm: string | undefined;
}

/** How long an organisation's default information class is served from memory. */
const ORGANIZATION_DEFAULT_TTL_MS = 30_000;

export interface OpenAiModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  system_fingerprint: null;
  choices: { index: 0; message: { role: 'assistant'; content: string; refusal: null }; logprobs: null; finish_reason: 'stop' }[];
  usage: Usage;
}

/**
 * OpenAI's Chat Completions and Models on top of the model gateway: the same policies, rate limits, quotas and usage
 * records as the chat. Failures before the first token are HTTP errors; a failure while streaming is one SSE event
 * `data: {"error": …}` and the end of the stream (no `[DONE]`).
 */
@Injectable()
export class ChatCompletionsService {
  private readonly organizationDefaults = new Map<string, { informationClass: InformationClass; until: number }>();

  constructor(
    private readonly gateway: ModelGateway,
    private readonly rateLimiter: RateLimiter,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditLog,
    private readonly piiGuard: PiiGuard,
  ) {}

  /** The models the caller may use, narrowed to the API key's models. */
  models(caller: Caller): { object: 'list'; data: OpenAiModel[] } {
    const data = this.gateway.allowedModels(caller).map((model) => ({
      id: model.id,
      object: 'model' as const,
      created: 0,
      owned_by: model.vendor ?? model.provider,
    }));
    return { object: 'list', data };
  }

  async complete(caller: Caller, request: ChatCompletionRequest, headers: GennaiHeaders, locale: Locale, res: Response) {
    const informationClass = await this.informationClass(caller, headers.informationClass);
    const confirmed = piiConfirmation(headers.piiConfirm);
    const settings = await this.piiGuard.settingsOf(caller.organizationId);
    this.piiGuard.assertClassAllowed(settings, informationClass);
    if (caller.apiKey) this.rateLimiter.take(`key:${caller.apiKey.id}`, this.config.gateway.rateLimitPerMinute.apiKey);
    const upstream = new AbortController();
    let finished = false;
    res.on('close', () => {
      if (!finished) upstream.abort();
    });
    const entered = toChatTurns(request);
    // Every message is screened, the assistant's too: a program writes all of them, and all of them leave Gennai.
    const screened = await this.piiGuard.screen({
      caller,
      settings,
      texts: entered.map((turn) => turn.content),
      confirmed,
      locale,
      numbered: true,
      audit: { target: { type: 'model', id: request.model }, details: { app: 'api', modelId: request.model, informationClass } },
    });
    const messages = entered.map((turn, index) => ({ role: turn.role, content: screened.texts[index] }));
    const admitted = await this.gateway.admit({ caller, app: 'api', modelId: request.model, informationClass, messages, options: toChatOptions(request) });
    // Traceability before anything leaves Gennai: no audit entry, no request to the model. The entry keeps what the
    // program entered; a pii.masked or pii.overridden entry beside it says how the guard let it through.
    try {
      await this.recordTogether([apiMessageSent(caller, { modelId: request.model, informationClass, turns: entered }), ...(screened.event ? [screened.event] : [])]);
    } catch (error) {
      await admitted.release();
      throw error;
    }
    try {
      if (request.stream) await this.stream(admitted, request, messages, locale, upstream.signal, res);
      else await this.answer(admitted, request, messages, upstream.signal, res);
    } finally {
      finished = true;
    }
  }

  /** Not streaming: the whole answer as one chat.completion, or an HTTP error. */
  private async answer(admitted: AdmittedCall, request: ChatCompletionRequest, messages: ChatTurn[], signal: AbortSignal, res: Response) {
    let text = '';
    let usage: Extract<ChatChunk, { type: 'usage' }> | null = null;
    try {
      for await (const chunk of admitted.stream(signal)) {
        if (chunk.type === 'delta') text += chunk.text;
        else usage = chunk;
      }
    } catch (error) {
      if (signal.aborted) return; // the client went away: nobody to answer
      throw error;
    }
    const completion: ChatCompletion = {
      id: completionId(),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: admitted.answeredBy?.modelId ?? request.model,
      system_fingerprint: null,
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: usageOf(usage, messages, text.length),
    };
    res.status(200).json(completion);
  }

  /**
   * Streaming: waits for the model's first piece before answering 200, so a request no deployment could answer is
   * still a proper HTTP error; then chat.completion.chunk events, the usage chunk when asked for, and `[DONE]`.
   */
  private async stream(admitted: AdmittedCall, request: ChatCompletionRequest, messages: ChatTurn[], locale: Locale, signal: AbortSignal, res: Response) {
    const chunks = admitted.stream(signal)[Symbol.asyncIterator]();
    let next: IteratorResult<ChatChunk>;
    try {
      next = await chunks.next();
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();

    const base = { id: completionId(), object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: admitted.answeredBy?.modelId ?? request.model, system_fingerprint: null };
    const includeUsage = request.stream_options?.include_usage === true;
    const send = (choices: unknown[], usage: Usage | null = null) =>
      write(res, `data: ${JSON.stringify({ ...base, choices, ...(includeUsage && { usage }) })}\n\n`);
    const choice = (delta: object, finishReason: 'stop' | null = null) => [{ index: 0, delta, logprobs: null, finish_reason: finishReason }];

    let usage: Extract<ChatChunk, { type: 'usage' }> | null = null;
    let chars = 0;
    try {
      await send(choice({ role: 'assistant', content: '' }));
      while (!next.done) {
        if (next.value.type === 'delta') {
          chars += next.value.text.length;
          await send(choice({ content: next.value.text }));
        } else {
          usage = next.value;
        }
        next = await chunks.next();
      }
      await send(choice({}, 'stop'));
      if (includeUsage) await send([], usageOf(usage, messages, chars));
      if (!res.writableEnded) res.end('data: [DONE]\n\n');
    } catch (error) {
      if (!signal.aborted) {
        const failure = toApiException(error);
        this.logger.warn({ code: failure.code, modelId: request.model, answeredBy: admitted.answeredBy?.modelId }, 'streamed answer failed');
        if (!res.writableEnded) res.end(sseErrorEvent(failure, locale));
      } else if (!res.writableEnded) {
        res.end();
      }
    } finally {
      if (!next.done) await chunks.return?.(undefined);
    }
  }

  /** Entries that describe one send: all or none (one statement, or one transaction when there are several). */
  private async recordTogether(events: AuditEvent[]): Promise<void> {
    if (events.length === 1) return this.audit.record(events[0]);
    await this.dataSource.transaction(async (manager) => {
      for (const event of events) await this.audit.record(event, manager);
    });
  }

  /** From the X-Gennai-Information-Class header, or the organisation's default. */
  private async informationClass(caller: Caller, header: string | undefined): Promise<InformationClass> {
    if (header !== undefined) {
      if (header === '1' || header === '2' || header === '3') return Number(header) as InformationClass;
      throw new ApiException(400, 'validation_failed', {}, [{ field: 'X-Gennai-Information-Class', kind: 'invalid_value', params: { values: '1, 2, 3' } }]);
    }
    const now = Date.now();
    const cached = this.organizationDefaults.get(caller.organizationId);
    if (cached && cached.until > now) return cached.informationClass;
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: caller.organizationId });
    if (this.organizationDefaults.size >= 10_000) this.organizationDefaults.clear();
    this.organizationDefaults.set(caller.organizationId, { informationClass: organization.defaultInformationClass, until: now + ORGANIZATION_DEFAULT_TTL_MS });
    return organization.defaultInformationClass;
  }
}

/** X-Gennai-PII-Confirm: `true` or `false` (any case); absent is false. */
function piiConfirmation(header: string | undefined): boolean {
  if (header === undefined) return false;
  const value = header.trim().toLowerCase();
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ApiException(400, 'validation_failed', {}, [{ field: 'X-Gennai-PII-Confirm', kind: 'invalid_value', params: { values: 'true, false' } }]);
}

function completionId(): string {
  return `chatcmpl-${randomUUID().replaceAll('-', '')}`;
}

/** Tokens as the model reported them, or as the gateway charges them when it did not (the same estimate). */
function usageOf(usage: { inputTokens: number; outputTokens: number } | null, messages: ChatTurn[], outputChars: number): Usage {
  const prompt = usage?.inputTokens ?? estimateTokens(messages);
  const completion = usage?.outputTokens ?? Math.ceil(outputChars / 2);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Writes one event, waiting while a slow client's buffer is full (memory stays bounded). */
async function write(res: Response, data: string): Promise<void> {
  if (res.writableEnded || res.destroyed) return;
  if (res.write(data)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
