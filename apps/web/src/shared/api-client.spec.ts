import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { ApiError, api, configureApiClient } from './api-client';

interface Seen {
  url: string;
  init: RequestInit;
}

function fakeFetch(response: () => Response, seen: Seen[] = []): typeof fetch {
  return async (input, init) => {
    seen.push({ url: String(input), init: init ?? {} });
    return response();
  };
}

describe('api client', () => {
  afterEach(() => setLocale('ja'));

  it('sends the access token and the UI language with every call', async () => {
    const seen: Seen[] = [];
    configureApiClient({ accessToken: async () => 'token-1', fetch: fakeFetch(() => Response.json([{ id: 'demo' }]), seen) });
    setLocale('en');
    expect(await api.get('/api/models')).toEqual([{ id: 'demo' }]);
    const headers = new Headers(seen[0].init.headers);
    expect(headers.get('Authorization')).toBe('Bearer token-1');
    expect(headers.get('Accept-Language')).toBe('en');
  });

  it("turns a non-2xx answer into an error carrying the API's localised message", async () => {
    const body = { statusCode: 400, code: 'message_too_long', message: 'メッセージが長すぎます（10文字まで、現在12文字）。' };
    configureApiClient({ accessToken: async () => 'token', fetch: fakeFetch(() => Response.json(body, { status: 400 })) });
    const error = await api.post('/api/conversations/x/messages', { content: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'message_too_long', message: body.message });
  });

  it('explains an answer without an API error body, and an unreachable server, in the UI language', async () => {
    configureApiClient({ accessToken: async () => null, fetch: fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 })) });
    await expect(api.get('/api/me')).rejects.toThrow('エラーが発生しました（HTTP 502）');
    configureApiClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 0, message: expect.stringContaining('サーバーに接続できませんでした') });
  });
});
