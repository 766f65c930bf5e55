import { generateKeyPairSync, createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiErrorView, MeView } from '@gennai/contracts';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { tokenFor } from './support/tokens';

function base64url(value: string | Buffer) {
  return Buffer.from(value).toString('base64url');
}

/** Signs claims with a key of our own, as an attacker would. */
function forge(header: object, claims: object): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

function decode(token: string) {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
  return { header, payload };
}

describe('authentication against real Keycloak', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  const me = (authorization?: string) =>
    fetch(`${api.url}/api/me`, { headers: authorization ? { Authorization: authorization } : {} });

  it('refuses a request without a token with 401 and a Japanese message', async () => {
    const response = await me();
    expect(response.status).toBe(401);
    const body = (await response.json()) as ApiErrorView;
    expect(body.code).toBe('unauthenticated');
    expect(body.message).toContain('サインイン');
  });

  it('answers in English when the browser asks for English', async () => {
    const response = await fetch(`${api.url}/api/me`, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
    expect(((await response.json()) as ApiErrorView).message).toBe('Sign-in required. Please sign in again.');
  });

  it('accepts a real token and creates the user on first sign-in from its claims', async () => {
    const profile = await new ApiClient(api.url, 'alice').json<MeView>('GET', '/api/me');
    expect(profile).toMatchObject({
      username: 'alice',
      displayName: 'Alice Sato',
      organization: { slug: 'digital-agency', name: 'デジタル庁' },
    });
    expect(profile.roles).toContain('user');
    const rows = await api.db.query('SELECT username FROM users');
    expect(rows).toEqual([{ username: 'alice' }]);
  });

  it('refuses a token signed with another key (forged), even with the realm key id', async () => {
    const real = decode(await tokenFor('alice'));
    const forged = forge(real.header, { ...real.payload, realm_access: { roles: ['platform_admin', 'user'] } });
    expect((await me(`Bearer ${forged}`)).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const real = decode(await tokenFor('alice'));
    const expired = forge(real.header, { ...real.payload, exp: Math.floor(Date.now() / 1000) - 60 });
    expect((await me(`Bearer ${expired}`)).status).toBe(401);
    // and a genuine token whose signature is intact but whose payload was edited to extend it
    const token = await tokenFor('alice');
    const [h, , s] = token.split('.');
    const extended = `${h}.${base64url(JSON.stringify({ ...decode(token).payload, exp: 4_102_444_800 }))}.${s}`;
    expect((await me(`Bearer ${extended}`)).status).toBe(401);
  });

  it('refuses a genuine realm token addressed to another audience', async () => {
    // admin-cli exists in every realm: its tokens are signed by the realm but are not for the API.
    const response = await fetch(`${inject('keycloakUrl')}/realms/gennai/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'alice', password: 'alice-Passw0rd!' }),
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    const { payload } = decode(token);
    expect(payload.typ).toBe('Bearer');
    expect([payload.aud].flat()).not.toContain('gennai-api');
    expect((await me(`Bearer ${token}`)).status).toBe(401);
  });

  it('refuses a token with alg none', async () => {
    const real = decode(await tokenFor('alice'));
    const unsigned = `${base64url(JSON.stringify({ ...real.header, alg: 'none' }))}.${base64url(JSON.stringify(real.payload))}.`;
    expect((await me(`Bearer ${unsigned}`)).status).toBe(401);
  });

  it('keeps health probes and the sign-in configuration public, and nothing else', async () => {
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    const config = await (await fetch(`${api.url}/api/auth/config`)).json();
    expect(config).toEqual({ url: inject('keycloakUrl'), realm: 'gennai', clientId: 'gennai-web', developmentProvider: false });
    for (const path of ['/api/models', '/api/conversations']) expect((await fetch(`${api.url}${path}`)).status).toBe(401);
  });

  it('sends security headers', async () => {
    const response = await fetch(`${api.url}/api/auth/config`);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(/.+/);
  });
});
