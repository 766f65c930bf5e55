import { SseParser } from '@gennai/contracts';
import type { ChatChunk, ChatTurn, ModelClient } from '../model-client';
import { UpstreamError } from '../upstream.error';

/** Where an OpenAI-compatible model lives (vLLM, Ollama, PLaMo API, …). */
export interface OpenAiCompatibleModel {
  /** Base URL ending in /v1; `/chat/completions` is appended. */
  baseUrl: string;
  /** Model name the upstream expects. */
  model: string;
  apiKey?: string;
}

export interface UpstreamTimeouts {
  /** Until the first piece of the answer (or its end) arrives. */
  firstTokenMs: number;
  /** For the whole answer. */
  totalMs: number;
}

const ERROR_TEXT_MAX_CHARS = 300;

type StreamChunk = {
  choices?: { delta?: { content?: string | null; reasoning_content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string } | string;
};

/**
 * Streams answers from any OpenAI-compatible `/chat/completions` endpoint with plain fetch and SSE parsing.
 * Makes exactly one request per call: retries and routing belong to the caller.
 */
export class OpenAiCompatibleProvider implements ModelClient {
  private readonly endpoint: string;

  constructor(
    private readonly target: OpenAiCompatibleModel,
    private readonly timeouts: UpstreamTimeouts,
  ) {
    this.endpoint = describeEndpoint(target.baseUrl);
  }

  async *streamChat({ messages, signal }: { messages: ChatTurn[]; signal: AbortSignal }): AsyncIterable<ChatChunk> {
    signal.throwIfAborted();
    const request = new AbortController();
    let expired: string | undefined;
    const expire = (why: string) => () => {
      expired = why;
      request.abort();
    };
    const onCallerAbort = () => request.abort(signal.reason);
    signal.addEventListener('abort', onCallerAbort, { once: true });
    const totalTimer = setTimeout(expire(`no complete answer within ${this.timeouts.totalMs} ms`), this.timeouts.totalMs);
    let firstTokenTimer: NodeJS.Timeout | undefined = setTimeout(
      expire(`no answer within ${this.timeouts.firstTokenMs} ms`),
      this.timeouts.firstTokenMs,
    );
    const progressed = () => {
      clearTimeout(firstTokenTimer);
      firstTokenTimer = undefined;
    };

    let phase: 'connect' | 'stream' = 'connect';
    try {
      const response = await fetch(`${this.target.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.target.apiKey ? { authorization: `Bearer ${this.target.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.target.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
        }),
        signal: request.signal,
      });
      if (!response.ok) throw await this.httpError(response);
      phase = 'stream';

      const contentType = response.headers.get('content-type') ?? '';
      if (contentType.includes('application/json')) {
        // A server that ignored `stream: true` and sent one chat.completion.
        yield* this.wholeCompletion(await response.text());
        return;
      }
      if (!contentType.includes('text/event-stream') || !response.body) {
        throw this.badResponse(`unexpected content-type "${contentType}"`);
      }

      const parser = new SseParser();
      const decoder = new TextDecoder();
      let finished = false;
      let done = false;
      let usage: ChatChunk | undefined;
      const reader = response.body.getReader();
      while (!done) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        for (const event of parser.push(decoder.decode(value, { stream: true }))) {
          if (event.data === '[DONE]') {
            done = true;
            break;
          }
          const chunk = this.parseChunk(event.data);
          const choice = chunk.choices?.[0];
          const text = choice?.delta?.content;
          if (text || choice?.delta?.reasoning_content || choice?.finish_reason) progressed();
          if (choice?.finish_reason) finished = true;
          if (chunk.usage) usage = toUsage(chunk.usage);
          if (text) yield { type: 'delta', text };
        }
      }
      if (!done && !finished) throw this.badResponse('the stream ended before the answer was complete');
      if (usage) yield usage;
    } catch (error) {
      throw this.classify(error, phase, signal, expired);
    } finally {
      clearTimeout(totalTimer);
      clearTimeout(firstTokenTimer);
      signal.removeEventListener('abort', onCallerAbort);
      request.abort(); // frees the connection when the caller stopped reading early
    }
  }

  private *wholeCompletion(body: string): Iterable<ChatChunk> {
    let completion: { choices?: { message?: { content?: string | null } }[]; usage?: StreamChunk['usage'] };
    try {
      completion = JSON.parse(body);
    } catch {
      throw this.badResponse('the answer is not valid JSON');
    }
    const text = completion.choices?.[0]?.message?.content;
    if (typeof text !== 'string') throw this.badResponse('the answer has no message content');
    if (text) yield { type: 'delta', text };
    if (completion.usage) yield toUsage(completion.usage);
  }

  private parseChunk(data: string): StreamChunk {
    let chunk: StreamChunk;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw this.badResponse('the stream contains an event that is not JSON');
    }
    if (chunk === null || typeof chunk !== 'object') throw this.badResponse('the stream contains an event that is not an object');
    if (chunk.error) {
      const message = typeof chunk.error === 'string' ? chunk.error : chunk.error.message;
      throw this.badResponse(`the model reported an error mid-stream: ${this.redact(message ?? 'unknown')}`);
    }
    return chunk;
  }

  private async httpError(response: Response): Promise<UpstreamError> {
    const status = response.status;
    const detail = await response.text().then(
      (text) => this.redact(errorMessageOf(text)),
      () => '',
    );
    const message = `${this.endpoint} answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
    if (status === 429) {
      return new UpstreamError('upstream_rate_limited', message, {
        status,
        retryable: true,
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      });
    }
    if (status === 408) return new UpstreamError('upstream_timeout', message, { status, retryable: true });
    if (status >= 500) return new UpstreamError('upstream_unavailable', message, { status, retryable: true });
    // 400/401/403/404…: a configuration problem (key, model name, URL) that trying again will not fix.
    return new UpstreamError('upstream_unavailable', message, { status, retryable: false });
  }

  private classify(error: unknown, phase: 'connect' | 'stream', signal: AbortSignal, expired: string | undefined): unknown {
    if (signal.aborted) return signal.reason;
    if (expired) return new UpstreamError('upstream_timeout', `${this.endpoint}: ${expired}`, { retryable: true });
    if (error instanceof UpstreamError) return error;
    if (phase === 'connect') {
      return new UpstreamError('upstream_unavailable', `${this.endpoint} could not be reached (${causeOf(error)})`, {
        retryable: true,
      });
    }
    return this.badResponse(`the stream broke off (${causeOf(error)})`);
  }

  private badResponse(why: string): UpstreamError {
    return new UpstreamError('upstream_bad_response', `${this.endpoint}: ${why}`, { retryable: true });
  }

  /** Upstream text may echo what we sent; keep the key out of logs. */
  private redact(text: string): string {
    const key = this.target.apiKey;
    const withoutKey = key ? text.split(key).join('[redacted]') : text;
    return withoutKey.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
  }
}

/** Origin and path only: no credentials in user-info or query strings reach a log line. */
function describeEndpoint(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'the model endpoint (invalid base URL)';
  }
}

function errorMessageOf(body: string): string {
  let text = body.trim();
  try {
    const parsed = JSON.parse(text);
    const message = parsed?.error?.message ?? parsed?.message ?? parsed?.error ?? parsed?.detail;
    if (typeof message === 'string') text = message;
  } catch {
    // not JSON: keep the text
  }
  const chars = Array.from(text.replace(/\s+/g, ' '));
  return chars.length > ERROR_TEXT_MAX_CHARS ? `${chars.slice(0, ERROR_TEXT_MAX_CHARS).join('')}…` : chars.join('');
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function toUsage(usage: NonNullable<StreamChunk['usage']>): ChatChunk {
  return { type: 'usage', inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 };
}

/** A short, key-free reason for a network failure, e.g. ECONNREFUSED. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  const code = cause?.code ?? (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown error';
}
