import type { ApiErrorView, ErrorCode, Locale, ResourceName } from '@gennai/contracts';

/** A value for a message placeholder: plain, or already worded per language (e.g. 「1日」/"daily"). */
export type ErrorParam = string | number | Record<Locale, string>;

/**
 * The one exception type handlers throw for a user-visible failure. The filter turns it into an
 * ApiErrorView whose message is in the caller's language. A `resource` param naming a ResourceName is
 * worded in the caller's language too.
 */
export class ApiException extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly params: Record<string, ErrorParam> = {},
    readonly details?: { field: string; kind: string; params?: Record<string, string | number> }[],
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
  }

  /** Fields this error adds to its body beside the code and message (what the PII guard found, for one). */
  bodyExtras(): Pick<ApiErrorView, 'pii'> {
    return {};
  }

  static notFound(resource: ResourceName) {
    return new ApiException(404, 'not_found', { resource });
  }
}
