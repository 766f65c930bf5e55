import type { ApiErrorView } from '@gennai/contracts';
import { currentLocale, translate } from '../i18n';

/** A failed API call, with the API's own message (already in the user's language). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string | null = null,
    readonly details: ApiErrorView['details'] = undefined,
    /** What the PII guard found (pii_confirmation_required, pii_blocked). */
    readonly pii: ApiErrorView['pii'] = undefined,
  ) {
    super(message);
  }
}

export interface ApiClientSettings {
  /**
   * A valid access token for the next request, or null when signed out. The auth session supplies
   * one that has been refreshed with `keycloak.updateToken(30)`, so it lives for at least 30 s more.
   */
  accessToken: () => Promise<string | null>;
  fetch: typeof fetch;
}

const settings: ApiClientSettings = {
  accessToken: async () => null,
  fetch: (input, init) => globalThis.fetch(input, init),
};

export function configureApiClient(next: Partial<ApiClientSettings>): void {
  Object.assign(settings, next);
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'AbortError' : (error as { name?: string } | null)?.name === 'AbortError';
}

/** The text to show a user for any error thrown by an API call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return translate('errors.network');
}

function isApiErrorView(body: unknown): body is ApiErrorView {
  return typeof body === 'object' && body !== null && typeof (body as ApiErrorView).message === 'string';
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML error page, say): fall back to a generic message.
  }
  if (isApiErrorView(body)) return new ApiError(body.message, response.status, body.code, body.details, body.pii);
  return new ApiError(translate('errors.http', { status: response.status }), response.status);
}

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  accept?: string;
}

/** Sends one request; resolves with the response when it is 2xx, throws `ApiError` otherwise. */
async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers = new Headers({ Accept: options.accept ?? 'application/json', 'Accept-Language': currentLocale() });
  const token = await settings.accessToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  let response: Response;
  try {
    response = await settings.fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(translate('errors.network'), 0);
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

async function json<T>(response: Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

/** The Gennai API (same origin, prefix /api). */
export const api = {
  get: <T>(path: string, signal?: AbortSignal) => json<T>(request('GET', path, { signal })),
  post: <T>(path: string, body: unknown) => json<T>(request('POST', path, { body })),
  put: <T>(path: string, body: unknown) => json<T>(request('PUT', path, { body })),
  patch: <T>(path: string, body: unknown) => json<T>(request('PATCH', path, { body })),
  delete: async (path: string): Promise<void> => {
    await request('DELETE', path);
  },
  /** A file from a GET (an export): its content and the name the server gave it in Content-Disposition. */
  download: async (path: string): Promise<{ blob: Blob; filename: string | null }> => {
    const response = await request('GET', path, { accept: '*/*' });
    const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? null;
    return { blob: await response.blob(), filename };
  },
  /** Opens a server-sent-event stream (POST); errors before the stream starts arrive as `ApiError`. */
  stream: (path: string, body: unknown, signal: AbortSignal) => request('POST', path, { body, signal, accept: 'text/event-stream' }),
};
