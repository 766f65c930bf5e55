import type { ErrorCode } from '@gennai/contracts';

export type UpstreamErrorCode = Extract<
  ErrorCode,
  'upstream_rate_limited' | 'upstream_unavailable' | 'upstream_timeout' | 'upstream_bad_response'
>;

/**
 * A model failed to answer. `code` is the user-facing error of the catalogue in @gennai/contracts; the message is
 * for operators' logs and never contains API keys (callers build it from our own words and redacted upstream text).
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly code: UpstreamErrorCode;
  /** HTTP status of the upstream answer, when there was one. */
  readonly status?: number;
  /** Whether trying again (later, or on another deployment) may succeed. */
  readonly retryable: boolean;
  /** From a 429's retry-after header. */
  readonly retryAfterMs?: number;

  constructor(
    code: UpstreamErrorCode,
    message: string,
    options: { status?: number; retryable?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? true;
    this.retryAfterMs = options.retryAfterMs;
  }
}
