import type { ErrorCode, ResourceName } from '@gennai/contracts';

/**
 * The one exception type handlers throw for a user-visible failure. The filter turns it into an
 * ApiErrorView whose message is in the caller's language.
 */
export class ApiException extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: { field: string; kind: string; params?: Record<string, string | number> }[],
  ) {
    super(code);
  }

  static notFound(resource: ResourceName) {
    return new ApiException(404, 'not_found', { resource });
  }
}
