import type { ChatChunk, ChatRequest, UpstreamTimeouts } from '../model-client';
import { UpstreamError, type UpstreamErrorCode } from '../upstream.error';

const ERROR_TEXT_MAX_CHARS = 300;

/** What one event of a provider's stream means, in the gateway's terms. Adapters map their events onto this. */
export interface StreamStep {
  /** A piece of the answer. */
  text?: string;
  /** Token counts as far as this event tells them; a later event's count replaces an earlier one. */
  inputTokens?: number;
  outputTokens?: number;
  /** The model is at work without writing the answer yet (reasoning): stops the first-token clock. */
  progressed?: boolean;
  /** The answer is complete (a finish or stop reason arrived). */
  finished?: boolean;
  /** The provider's content filter ended the answer; its reason, as the provider names it. */
  filtered?: string;
  /** The protocol's end-of-stream marker: nothing more to read. */
  end?: boolean;
}

/**
 * One request to a model as the gateway sees it, whatever the wire format: the connect, first-token and total
 * timers, the abort wiring from the caller's signal to the request, the answer's progress (text, usage, whether it
 * finished) and how every failure becomes an UpstreamError with no credential in its message.
 *
 * Use: create it first thing in `streamChat` (it throws the signal's reason when already aborted), pass `signal` to
 * fetch or the SDK, call `connected()` when the response headers arrive, feed every event to `take()`, `yield*
 * finish()` at the end, `throw call.fail(error)` in `catch` and `close()` in `finally`.
 */
export class UpstreamCall {
  /** Aborts the request: the caller's signal, an expired timer, or close(). */
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly secrets: string[];
  private readonly timers: { connect?: NodeJS.Timeout; firstToken?: NodeJS.Timeout; total?: NodeJS.Timeout } = {};
  private readonly onCallerAbort: () => void;
  private expired: string | undefined;
  private answering = false;
  private wrote = false;
  private complete = false;
  private filtered: string | undefined;
  private inputTokens: number | undefined;
  private outputTokens: number | undefined;

  /**
   * @param endpoint how log lines name the upstream: origin and path only (see describeEndpoint).
   * @param secrets every credential this request carries; cut out of any upstream text that reaches a message.
   */
  constructor(
    readonly endpoint: string,
    secrets: (string | undefined)[],
    timeouts: UpstreamTimeouts,
    private readonly callerSignal: AbortSignal,
  ) {
    callerSignal.throwIfAborted();
    this.secrets = secrets.filter((secret): secret is string => !!secret);
    this.signal = this.controller.signal;
    this.onCallerAbort = () => this.controller.abort(callerSignal.reason);
    callerSignal.addEventListener('abort', this.onCallerAbort, { once: true });
    const expire = (why: string) => () => {
      this.expired = why;
      this.controller.abort();
    };
    this.timers.connect = setTimeout(expire(`no response within ${timeouts.connectMs} ms`), timeouts.connectMs);
    this.timers.firstToken = setTimeout(expire(`no answer within ${timeouts.firstTokenMs} ms`), timeouts.firstTokenMs);
    this.timers.total = setTimeout(expire(`no complete answer within ${timeouts.totalMs} ms`), timeouts.totalMs);
  }

  /** The response headers arrived: the connect timer stops, and failures from now on are broken streams. */
  connected(): void {
    clearTimeout(this.timers.connect);
    this.answering = true;
  }

  /** Takes one event's meaning; returns the delta to yield, if it carries text. */
  take(step: StreamStep | undefined): ChatChunk | undefined {
    if (!step) return undefined;
    if (step.inputTokens !== undefined) this.inputTokens = step.inputTokens;
    if (step.outputTokens !== undefined) this.outputTokens = step.outputTokens;
    if (step.finished || step.end) this.complete = true;
    if (step.filtered) this.filtered = step.filtered;
    if (step.text || step.progressed || step.finished) clearTimeout(this.timers.firstToken);
    if (!step.text) return undefined;
    this.wrote = true;
    return { type: 'delta', text: step.text };
  }

  /**
   * The stream ended: checks that the answer was complete and yields its usage when the provider reported it.
   * An answer the content filter stopped ends normally with what was written; one it stopped before any text is a
   * failure that retrying will not fix (an empty answer would look like a bug to the user).
   */
  *finish(): Iterable<ChatChunk> {
    if (!this.complete) throw this.badResponse('the stream ended before the answer was complete');
    if (this.filtered && !this.wrote) {
      throw this.error('upstream_unavailable', `the provider's content filter stopped the answer before it began (${this.filtered})`, {
        retryable: false,
      });
    }
    if (this.inputTokens !== undefined && this.outputTokens !== undefined) {
      yield { type: 'usage', inputTokens: this.inputTokens, outputTokens: this.outputTokens };
    }
  }

  /** What to throw for `error`: the caller's abort reason, a timeout, or an UpstreamError. */
  fail(error: unknown): unknown {
    if (this.callerSignal.aborted) return this.callerSignal.reason;
    if (this.expired) return this.error('upstream_timeout', this.expired, { retryable: true });
    if (error instanceof UpstreamError) return error;
    if (!this.answering) {
      return new UpstreamError('upstream_unavailable', `${this.endpoint} could not be reached (${causeOf(error)})`, { retryable: true });
    }
    return this.badResponse(`the stream broke off (${causeOf(error)})`);
  }

  /** Stops the timers and the request (frees the connection when the caller stopped reading early). */
  close(): void {
    clearTimeout(this.timers.connect);
    clearTimeout(this.timers.firstToken);
    clearTimeout(this.timers.total);
    this.callerSignal.removeEventListener('abort', this.onCallerAbort);
    this.controller.abort();
  }

  /** An UpstreamError whose message names the endpoint; `why` is redacted. */
  error(code: UpstreamErrorCode, why: string, options: { status?: number; retryable: boolean; retryAfterMs?: number }): UpstreamError {
    return new UpstreamError(code, `${this.endpoint}: ${this.redact(why)}`, options);
  }

  /** The provider broke its protocol (or the stream broke off); another attempt may succeed. */
  badResponse(why: string): UpstreamError {
    return this.error('upstream_bad_response', why, { retryable: true });
  }

  /** Parses a JSON event or document; anything else is a bad response. */
  json<T>(text: string): T {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw this.badResponse('the stream contains an event that is not JSON');
    }
    if (value === null || typeof value !== 'object') throw this.badResponse('the stream contains an event that is not an object');
    return value as T;
  }

  /**
   * The error for an HTTP error status (or a provider's error that carries one): 429 → rate limited, 408 → timeout,
   * 5xx → unavailable and retryable, other 4xx (key, model name, URL, request) → unavailable and not retryable.
   */
  statusError(status: number, detail: string, retryAfterMs?: number): UpstreamError {
    const why = `answered HTTP ${status}${detail ? `: ${shorten(detail)}` : ''}`;
    if (status === 429) return this.error('upstream_rate_limited', why, { status, retryable: true, retryAfterMs });
    if (status === 408) return this.error('upstream_timeout', why, { status, retryable: true });
    if (status >= 500) return this.error('upstream_unavailable', why, { status, retryable: true, retryAfterMs });
    return this.error('upstream_unavailable', why, { status, retryable: false });
  }

  /** Upstream text may echo what we sent: no credential and no bearer token reaches a message. */
  redact(text: string): string {
    let redacted = text;
    for (const secret of this.secrets) redacted = redacted.split(secret).join('[redacted]');
    return redacted.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
  }
}

/** Origin and path only: no credentials in user-info or query strings reach a log line. */
export function describeEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'the model endpoint (invalid URL)';
  }
}

/** A base URL without trailing slashes; throws (naming only the provider type) when it is missing or not http(s). */
export function baseUrlOf(baseUrl: string | null, fallback?: string): string {
  const url = baseUrl ?? fallback;
  if (!url) throw new Error('a base URL is required for this provider type');
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error('the base URL is not a valid URL');
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error('the base URL must use http or https');
  return url.replace(/\/+$/, '');
}

type GenerationOption = 'maxOutputTokens' | 'temperature' | 'topP' | 'stop';

/**
 * The request's generation options under the provider's field names, e.g. `{ maxOutputTokens: 'max_tokens' }`;
 * options the request leaves out (and empty stop lists) are not sent, so the provider's defaults apply.
 */
export function generationOptions(request: ChatRequest, names: Partial<Record<GenerationOption, string>>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [option, name] of Object.entries(names) as [GenerationOption, string][]) {
    const value = request[option];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) fields[name] = value;
  }
  return fields;
}

/** The wait a rate-limited answer asks for: `retry-after-ms`, `retry-after` (seconds or a date), or Google's RetryInfo. */
export function retryAfterMsOf(headers: { get(name: string): string | null }, body?: unknown): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const header = headers.get('retry-after');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  const details = (body as { error?: { details?: { retryDelay?: unknown }[] } } | undefined)?.error?.details;
  const delay = Array.isArray(details) ? details.find((d) => typeof d?.retryDelay === 'string')?.retryDelay : undefined;
  const seconds = typeof delay === 'string' ? Number(delay.replace(/s$/, '')) : Number.NaN;
  return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}

/** The human part of an error document, whichever provider wrote it. */
export function errorMessageOf(body: unknown): string {
  if (typeof body === 'string') return body;
  const doc = body as { error?: unknown; message?: unknown; detail?: unknown } | null;
  const error = doc?.error as { message?: unknown } | string | undefined;
  const message = typeof error === 'string' ? error : error?.message ?? doc?.message ?? doc?.detail;
  return typeof message === 'string' ? message : JSON.stringify(body) ?? '';
}

function shorten(text: string): string {
  const chars = Array.from(text.trim().replace(/\s+/g, ' '));
  return chars.length > ERROR_TEXT_MAX_CHARS ? `${chars.slice(0, ERROR_TEXT_MAX_CHARS).join('')}…` : chars.join('');
}

/** A short, key-free reason for a network failure, e.g. ECONNREFUSED. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  const code = cause?.code ?? (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown error';
}
