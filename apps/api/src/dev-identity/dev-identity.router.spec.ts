import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentityRouter, type DevIdentityOptions } from './dev-identity.router';
import { s256Challenge } from './pkce';

// keycloak-connect ships CommonJS without types: the same modules the API's verifier uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const GrantManager = require('keycloak-connect/middleware/auth-utils/grant-manager');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const KeycloakConfig = require('keycloak-connect/middleware/auth-utils/config');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Token = require('keycloak-connect/middleware/auth-utils/token');

/** Parsed JSON bodies and token claims, read loosely and checked with expect(). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

interface KeycloakToken {
  header: { alg: string; kid: string; typ: string };
  content: Json;
}
interface GrantManagerApi {
  createGrant(raw: object): Promise<{ access_token: KeycloakToken }>;
  validateToken(token: KeycloakToken, type: string): Promise<KeycloakToken>;
}

function grantManagerFor(baseUrl: string, resource: string): GrantManagerApi {
  return new GrantManager(
    new KeycloakConfig({ realm: 'gennai', 'auth-server-url': baseUrl, resource, 'bearer-only': true, 'verify-token-audience': true }),
  );
}

/** An Express app with the router, on a random port; the issuer base URL is only known once listening. */
async function startProvider(options: Omit<DevIdentityOptions, 'issuerBaseUrl'> = {}) {
  const app = express();
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.use(createDevIdentityRouter({ issuerBaseUrl: baseUrl, ...options }));
  return { baseUrl, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function decode(jwt: string): { header: Json; claims: Json } {
  const [header, claims] = jwt.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, claims };
}

function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

function joinCookies(...jars: string[]): string {
  return jars.filter(Boolean).join('; ');
}

function callbackParams(location: string, mode: 'fragment' | 'query' = 'fragment'): URLSearchParams {
  const url = new URL(location);
  return new URLSearchParams(mode === 'fragment' ? url.hash.slice(1) : url.search);
}

describe('development identity provider', () => {
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let issuer: string;
  let redirectUri: string;
  let realm: string;

  beforeAll(async () => {
    provider = await startProvider();
    issuer = `${provider.baseUrl}/realms/gennai`;
    realm = `${issuer}/protocol/openid-connect`;
    redirectUri = `${provider.baseUrl}/chat?x=1`;
  });
  afterAll(() => provider?.close());

  /** Opens the authorization endpoint the way keycloak-js does. */
  async function authorize(overrides: Record<string, string | undefined> = {}, cookie = '') {
    const verifier = randomBytes(72).toString('base64url');
    const state = randomUUID();
    const nonce = randomUUID();
    const params: Record<string, string | undefined> = {
      client_id: 'gennai-web',
      redirect_uri: redirectUri,
      state,
      response_mode: 'fragment',
      response_type: 'code',
      scope: 'openid',
      nonce,
      code_challenge: s256Challenge(verifier),
      code_challenge_method: 'S256',
      ...overrides,
    };
    const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const response = await fetch(`${realm}/auth?${query}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    return { response, verifier, state, nonce };
  }

  /** Picks a user on the sign-in page; returns the redirect back to the app and the browser's cookies. */
  async function signIn(username: string, overrides: Record<string, string | undefined> = {}) {
    const { response: page, verifier, state, nonce } = await authorize(overrides);
    expect(page.status).toBe(200);
    const html = await page.text();
    const browserCookies = cookiesFrom(page);
    const action = /<form method="post" action="([^"]+)"/.exec(html)![1];
    const request = /name="request" value="([^"]+)"/.exec(html)![1];
    const response = await fetch(new URL(action, provider.baseUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: browserCookies, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request, username }),
    });
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    const cookies = joinCookies(browserCookies, cookiesFrom(response));
    return { location, code: callbackParams(location).get('code')!, verifier, state, nonce, cookies };
  }

  async function token(params: Record<string, string>, headers: Record<string, string> = {}) {
    const response = await fetch(`${realm}/token`, { method: 'POST', headers: { accept: 'application/json', ...headers }, body: new URLSearchParams(params) });
    return { response, body: (await response.json()) as Json };
  }

  const exchange = (code: string, verifier: string | undefined, uri = redirectUri) =>
    token({ grant_type: 'authorization_code', client_id: 'gennai-web', code, redirect_uri: uri, ...(verifier ? { code_verifier: verifier } : {}) });

  it('publishes discovery and a JWKS at the Keycloak paths', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Json;
    expect(discovery).toMatchObject({
      issuer,
      authorization_endpoint: `${realm}/auth`,
      token_endpoint: `${realm}/token`,
      userinfo_endpoint: `${realm}/userinfo`,
      end_session_endpoint: `${realm}/logout`,
      jwks_uri: `${realm}/certs`,
      code_challenge_methods_supported: ['S256'],
    });
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as Json;
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(jwks.keys[0].kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('shows an accessible Japanese sign-in page listing the demo users of both organisations', async () => {
    const { response } = await authorize();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
    const html = await response.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('開発用の認証サーバーです。本番環境では使用できません');
    expect(html).toContain('not for production use');
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    expect(html).toContain('デジタル庁');
    expect(html).toContain('横須賀市');
    for (const name of ['デジタル 花子', 'デジタル 太郎', '横須賀 一郎', '横須賀 さくら']) expect(html).toContain(name);
    expect(html).toContain('組織管理者（org_admin）');
    expect(html).toContain(':focus-visible');
    expect(html).not.toContain('<script');
    expect(html.match(/<form method="post"/g)!.length).toBe(8);
  });

  it('signs in with a code in the fragment, exchanges it with the PKCE verifier, and keycloak-connect accepts the access token', async () => {
    const { location, code, verifier, state, nonce } = await signIn('taro');
    expect(location.startsWith(`${redirectUri}#`)).toBe(true);
    const callback = callbackParams(location);
    expect(callback.get('state')).toBe(state);
    expect(callback.get('iss')).toBe(issuer);
    expect(callback.get('session_state')).toMatch(/^[0-9a-f-]{36}$/);

    const { response, body } = await exchange(code, verifier);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'openid profile email organization', session_state: callback.get('session_state') });
    expect(body.refresh_expires_in).toBeGreaterThan(0);

    const grant = await grantManagerFor(provider.baseUrl, 'gennai-api').createGrant({ access_token: body.access_token });
    const access = grant.access_token;
    expect(access.header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(access.content).toMatchObject({
      iss: issuer,
      aud: ['gennai-api', 'account'],
      azp: 'gennai-web',
      typ: 'Bearer',
      sub: '6f1c2a4e-0d3b-4c59-9a51-0b8e1f2d3a02',
      sid: callback.get('session_state'),
      preferred_username: 'taro',
      name: 'デジタル 太郎',
      given_name: '太郎',
      family_name: 'デジタル',
      email: 'taro@digital-agency.example.jp',
      email_verified: true,
      realm_access: { roles: ['user', 'org_admin'] },
      organization: ['digital-agency', { 'digital-agency': { id: 'dev-digital-agency', 'gennai.provision': ['true'], 'gennai.name': ['デジタル庁'] } }],
      scope: 'openid profile email organization',
    });
    expect(access.content.exp - access.content.iat).toBe(300);
    expect(typeof access.content.auth_time).toBe('number');
    expect(typeof access.content.jti).toBe('string');

    // keycloak-connect checks ID tokens for the web client the same way.
    const id = await grantManagerFor(provider.baseUrl, 'gennai-web').validateToken(new Token(body.id_token), 'ID');
    expect(id.content).toMatchObject({ typ: 'ID', aud: 'gennai-web', nonce, sub: access.content.sub });
    expect(decode(body.refresh_token).claims).toMatchObject({ typ: 'Refresh', azp: 'gennai-web', sid: access.content.sid });
  });

  it('gives a Yokosuka auditor a token with their own organisation and roles', async () => {
    const { code, verifier } = await signIn('makoto');
    const { body } = await exchange(code, verifier);
    const grant = await grantManagerFor(provider.baseUrl, 'gennai-api').createGrant({ access_token: body.access_token });
    expect(grant.access_token.content).toMatchObject({ organization: ['yokosuka-city', { 'yokosuka-city': { 'gennai.name': ['横須賀市'] } }], realm_access: { roles: ['user', 'auditor'] } });
  });

  it('refuses a token for another audience through keycloak-connect', async () => {
    const { code, verifier } = await signIn('hanako');
    const { body } = await exchange(code, verifier);
    await expect(grantManagerFor(provider.baseUrl, 'other-api').createGrant({ access_token: body.access_token })).rejects.toThrow(/wrong audience/);
  });

  it('refuses a wrong, a missing or a malformed PKCE verifier with invalid_grant', async () => {
    for (const verifier of [randomBytes(48).toString('base64url'), undefined, 'too-short']) {
      const { code } = await signIn('hanako');
      const { response, body } = await exchange(code, verifier);
      expect(response.status).toBe(400);
      expect(body.error).toBe('invalid_grant');
      expect(body.error_description).toMatch(/PKCE/);
    }
  });

  it('refuses a redirect_uri that differs from the authorization request', async () => {
    const { code, verifier } = await signIn('hanako');
    const { response, body } = await exchange(code, verifier, `${provider.baseUrl}/elsewhere`);
    expect(response.status).toBe(400);
    expect(body).toEqual({ error: 'invalid_grant', error_description: 'Incorrect redirect_uri' });
  });

  it('accepts a code once; a replay fails and revokes the session it opened', async () => {
    const { code, verifier } = await signIn('hanako');
    const first = await exchange(code, verifier);
    expect(first.response.status).toBe(200);
    const replay = await exchange(code, verifier);
    expect(replay.response.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    const refresh = await token({ grant_type: 'refresh_token', client_id: 'gennai-web', refresh_token: first.body.refresh_token });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('refuses unknown codes and clients the OAuth way', async () => {
    expect((await exchange('no-such-code', randomBytes(48).toString('base64url'))).body.error).toBe('invalid_grant');
    const unknownClient = await token({ grant_type: 'authorization_code', client_id: 'intruder', code: 'x', redirect_uri: redirectUri });
    expect(unknownClient.response.status).toBe(401);
    expect(unknownClient.body.error).toBe('invalid_client');
    const badGrant = await token({ grant_type: 'password', client_id: 'gennai-web', username: 'hanako', password: 'x' });
    expect(badGrant.body.error).toBe('unsupported_grant_type');
  });

  it('refreshes tokens for the same session, and the new access token is accepted', async () => {
    const { code, verifier } = await signIn('misaki');
    const first = await exchange(code, verifier);
    const refreshed = await token({ grant_type: 'refresh_token', client_id: 'gennai-web', refresh_token: first.body.refresh_token });
    expect(refreshed.response.status).toBe(200);
    expect(refreshed.response.headers.get('cache-control')).toBe('no-store');
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    const grant = await grantManagerFor(provider.baseUrl, 'gennai-api').createGrant({ access_token: refreshed.body.access_token });
    expect(grant.access_token.content).toMatchObject({ preferred_username: 'misaki', sid: decode(first.body.access_token).claims.sid, realm_access: { roles: ['user', 'evaluator'] } });
    expect(decode(refreshed.body.id_token).claims.typ).toBe('ID');

    const forged = `${first.body.refresh_token.slice(0, -4)}AAAA`;
    expect((await token({ grant_type: 'refresh_token', client_id: 'gennai-web', refresh_token: forged })).body.error).toBe('invalid_grant');
    // An access token is not a refresh token.
    expect((await token({ grant_type: 'refresh_token', client_id: 'gennai-web', refresh_token: first.body.access_token })).body.error).toBe('invalid_grant');
  });

  it('answers check-sso (prompt=none) with login_required without a session, and with a code when signed in', async () => {
    const { response, state } = await authorize({ prompt: 'none' });
    expect(response.status).toBe(302);
    const callback = callbackParams(response.headers.get('location')!);
    expect(callback.get('error')).toBe('login_required');
    expect(callback.get('state')).toBe(state);

    const { cookies } = await signIn('ichiro');
    const silent = await authorize({ prompt: 'none' }, cookies);
    expect(silent.response.status).toBe(302);
    const silentCallback = callbackParams(silent.response.headers.get('location')!);
    expect(silentCallback.get('code')).toBeTruthy();
    const { body } = await exchange(silentCallback.get('code')!, silent.verifier);
    expect(decode(body.access_token).claims.preferred_username).toBe('ichiro');
  });

  it('returns the code in the query when response_mode=query', async () => {
    const { location, verifier } = await signIn('hanako', { response_mode: 'query' });
    expect(new URL(location).hash).toBe('');
    const params = callbackParams(location, 'query');
    expect(params.get('x')).toBe('1');
    expect((await exchange(params.get('code')!, verifier)).response.status).toBe(200);
  });

  it('shows an error page and never redirects to an unregistered redirect_uri or for an unknown client', async () => {
    for (const overrides of [{ redirect_uri: 'https://attacker.example/callback' }, { redirect_uri: `${provider.baseUrl}/chat#frag` }, { client_id: 'intruder' }, { redirect_uri: undefined }]) {
      const { response } = await authorize(overrides);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('<html lang="ja">');
    }
  });

  it('requires PKCE with S256: a missing or plain challenge is sent back as invalid_request', async () => {
    for (const overrides of [{ code_challenge: undefined, code_challenge_method: undefined }, { code_challenge_method: 'plain' }]) {
      const { response } = await authorize(overrides);
      expect(response.status).toBe(302);
      expect(callbackParams(response.headers.get('location')!).get('error')).toBe('invalid_request');
    }
    const { response } = await authorize({ response_type: 'token' });
    expect(callbackParams(response.headers.get('location')!).get('error')).toBe('unsupported_response_type');
  });

  it('refuses a sign-in posted from a browser that did not open the page (login CSRF)', async () => {
    const { response } = await authorize();
    const request = /name="request" value="([^"]+)"/.exec(await response.text())![1];
    const forged = await fetch(`${issuer}/login-actions/authenticate`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request, username: 'jiro' }),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('location')).toBeNull();
  });

  it('serves userinfo for a valid bearer token only', async () => {
    const { code, verifier } = await signIn('sakura');
    const { body } = await exchange(code, verifier);
    const info = await fetch(`${realm}/userinfo`, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ preferred_username: 'sakura', name: '横須賀 さくら', organization: ['yokosuka-city', { 'yokosuka-city': { 'gennai.provision': ['true'] } }] });
    const anonymous = await fetch(`${realm}/userinfo`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('lets scripts on the app origin call the token endpoint (CORS) but not other origins', async () => {
    const allowed = await token({ grant_type: 'refresh_token', client_id: 'gennai-web', refresh_token: 'x' }, { origin: provider.baseUrl });
    expect(allowed.response.headers.get('access-control-allow-origin')).toBe(provider.baseUrl);
    const foreign = await token({ grant_type: 'refresh_token', client_id: 'gennai-web', refresh_token: 'x' }, { origin: 'https://attacker.example' });
    expect(foreign.response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs out: clears the session, redirects to the registered post_logout_redirect_uri, and refuses other targets', async () => {
    const { code, verifier, cookies } = await signIn('jiro');
    const { body } = await exchange(code, verifier);

    const foreign = await fetch(`${realm}/logout?${new URLSearchParams({ client_id: 'gennai-web', post_logout_redirect_uri: 'https://attacker.example/' })}`, { redirect: 'manual', headers: { cookie: cookies } });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();

    const query = new URLSearchParams({ client_id: 'gennai-web', post_logout_redirect_uri: `${provider.baseUrl}/`, id_token_hint: body.id_token });
    const logout = await fetch(`${realm}/logout?${query}`, { redirect: 'manual', headers: { cookie: cookies } });
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(`${provider.baseUrl}/`);
    expect(logout.headers.getSetCookie().join()).toMatch(/GENNAI_DEV_SESSION=;/);

    const silent = await authorize({ prompt: 'none' }, cookies);
    expect(callbackParams(silent.response.headers.get('location')!).get('error')).toBe('login_required');
    expect((await token({ grant_type: 'refresh_token', client_id: 'gennai-web', refresh_token: body.refresh_token })).body.error).toBe('invalid_grant');
  });
});

describe('development identity provider lifetimes', () => {
  it('refuses an authorization code after one minute', async () => {
    let clock = Date.now();
    const provider = await startProvider({ now: () => clock });
    try {
      const realm = `${provider.baseUrl}/realms/gennai/protocol/openid-connect`;
      const verifier = randomBytes(48).toString('base64url');
      const query = new URLSearchParams({ client_id: 'gennai-web', redirect_uri: `${provider.baseUrl}/`, state: 's', response_mode: 'fragment', response_type: 'code', scope: 'openid', code_challenge: s256Challenge(verifier), code_challenge_method: 'S256' });
      const page = await fetch(`${realm}/auth?${query}`);
      const request = /name="request" value="([^"]+)"/.exec(await page.text())![1];
      const signedIn = await fetch(`${provider.baseUrl}/realms/gennai/login-actions/authenticate`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookiesFrom(page), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ request, username: 'hanako' }),
      });
      const code = callbackParams(signedIn.headers.get('location')!).get('code')!;
      clock += 61_000;
      const response = await fetch(`${realm}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'gennai-web', code, redirect_uri: `${provider.baseUrl}/`, code_verifier: verifier }) });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_grant', error_description: 'Code is expired' });
    } finally {
      await provider.close();
    }
  });
});

describe('development identity provider safety', () => {
  it('refuses to exist in production, saying so in Japanese and English', () => {
    expect(() => createDevIdentityRouter({ issuerBaseUrl: 'http://localhost:3000', nodeEnv: 'production' })).toThrow(/本番環境.*NODE_ENV=production/s);
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => createDevIdentityRouter({ issuerBaseUrl: 'http://localhost:3000' })).toThrow(/refuses to start/);
    } finally {
      if (previous === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previous;
    }
  });
});
