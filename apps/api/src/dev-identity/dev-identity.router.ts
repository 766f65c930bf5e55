import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { DEFAULT_CLIENTS, isAllowedRedirectUri, registerClients, type DevClient, type RegisteredClient } from './dev-clients';
import { DEV_USERS, type DevUser } from './dev-users';
import type { JwtClaims } from './jwt';
import { pageContentSecurityPolicy, renderErrorPage, renderSignInPage, renderSignedOutPage } from './login-page';
import { authorizationResponse, basicClientId, oauthError, readCookie, sameSecret, single, type OAuthError } from './oauth-http';
import { isValidS256Challenge, isValidCodeVerifier, verifiesS256Challenge } from './pkce';
import { SessionStore, type DevSession, type PendingAuthorization } from './session-store';
import { SigningKeys } from './signing-keys';
import { grantedScope, profileClaims, TokenIssuer } from './token-issuer';

export interface DevIdentityOptions {
  /** Public base URL the browser and the API use, e.g. http://localhost:3000 (the issuer is `${issuerBaseUrl}/realms/${realm}`). */
  issuerBaseUrl: string;
  realm?: string;
  /** Public PKCE clients; default: `gennai-web`, redirecting only to the issuer's origin. */
  clients?: readonly DevClient[];
  /** Demo accounts; default DEV_USERS. */
  users?: readonly DevUser[];
  /** The API's client id, required in every access token's `aud`; default `gennai-api`. */
  apiAudience?: string;
  /** Defaults to process.env.NODE_ENV; `production` (here or in the environment) is refused. */
  nodeEnv?: string;
  /** Clock in ms, for tests of expiry. */
  now?: () => number;
}

const SESSION_COOKIE = 'GENNAI_DEV_SESSION';
const BROWSER_COOKIE = 'GENNAI_DEV_BROWSER';

/**
 * A small OpenID Connect provider for `npm start` without Keycloak: it serves Keycloak's paths
 * for one realm (auth with PKCE S256, token, certs, userinfo, logout, discovery) so keycloak-js
 * in the web app and keycloak-connect in the API work against it unchanged. Users pick a demo
 * account instead of typing a password. Refuses to exist when NODE_ENV=production.
 */
export function createDevIdentityRouter(options: DevIdentityOptions): Router {
  if (options.nodeEnv === 'production' || process.env.NODE_ENV === 'production') {
    throw new Error(
      '開発用の認証サーバーは本番環境 (NODE_ENV=production) では起動できません。Keycloak を設定してください。 ' +
        'The development identity provider refuses to start when NODE_ENV=production; configure Keycloak instead.',
    );
  }
  const baseUrl = new URL(options.issuerBaseUrl);
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') throw new Error(`issuerBaseUrl must be an http(s) URL: ${options.issuerBaseUrl}`);
  const realm = options.realm ?? 'gennai';
  const issuer = `${options.issuerBaseUrl.replace(/\/+$/, '')}/realms/${realm}`;
  const realmPath = `${baseUrl.pathname.replace(/\/+$/, '')}/realms/${realm}`;
  const now = options.now ?? Date.now;
  const users = new Map((options.users ?? DEV_USERS).map((user) => [user.username, user]));
  const usersById = new Map([...users.values()].map((user) => [user.id, user]));
  const clients = registerClients(options.clients ?? DEFAULT_CLIENTS, baseUrl.origin);
  const allOrigins = new Set([...clients.values()].flatMap((client) => [...client.origins]));
  const keys = SigningKeys.generate();
  const store = new SessionStore(now);
  const tokens = new TokenIssuer(keys, issuer, [options.apiAudience ?? 'gennai-api', 'account'], now);
  const secureCookies = baseUrl.protocol === 'https:';
  const endpoint = (path: string) => `${issuer}/protocol/openid-connect/${path}`;
  const signInAction = `${realmPath}/login-actions/authenticate`;

  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });

  // ── discovery and keys ────────────────────────────────────────────────────────────────────
  router.get(`${realmPath}/.well-known/openid-configuration`, (_req, res) => {
    res.set('Access-Control-Allow-Origin', '*').json({
      issuer,
      authorization_endpoint: endpoint('auth'),
      token_endpoint: endpoint('token'),
      userinfo_endpoint: endpoint('userinfo'),
      end_session_endpoint: endpoint('logout'),
      jwks_uri: endpoint('certs'),
      grant_types_supported: ['authorization_code', 'refresh_token'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'fragment'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      userinfo_signing_alg_values_supported: ['none'],
      token_endpoint_auth_methods_supported: ['none'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'profile', 'email'],
      claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'name', 'given_name', 'family_name', 'preferred_username', 'email', 'email_verified', 'organization', 'org_unit'],
      claims_parameter_supported: false,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      authorization_response_iss_parameter_supported: true,
      frontchannel_logout_supported: false,
      backchannel_logout_supported: false,
    });
  });

  router.get(`${realmPath}/protocol/openid-connect/certs`, (_req, res) => {
    res.set('Access-Control-Allow-Origin', '*').json(keys.jwks);
  });

  // ── authorization endpoint and sign-in page ─────────────────────────────────────────────────
  router.get(`${realmPath}/protocol/openid-connect/auth`, (req, res) => {
    const q = req.query as Record<string, unknown>;
    const client = clients.get(single(q.client_id) ?? '');
    if (!client) {
      return sendPage(res, 400, renderErrorPage('クライアントが登録されていません', `client_id「${single(q.client_id) ?? ''}」は登録されていません。Unknown client_id.`));
    }
    const redirectUri = single(q.redirect_uri);
    if (!isAllowedRedirectUri(client, redirectUri)) {
      return sendPage(res, 400, renderErrorPage('リダイレクト先が許可されていません', `redirect_uri「${String(single(q.redirect_uri) ?? '')}」はこのクライアントに許可されていません。Invalid redirect_uri.`));
    }
    const responseModeParam = single(q.response_mode);
    const responseMode = responseModeParam === 'fragment' ? 'fragment' : 'query';
    const state = single(q.state);
    const fail = (error: OAuthError, description: string) =>
      res.redirect(302, authorizationResponse(redirectUri, responseMode, { error, error_description: description, state, iss: issuer }));

    const duplicated = Object.entries(q).find(([, value]) => Array.isArray(value));
    if (duplicated) return fail('invalid_request', `Duplicated parameter: ${duplicated[0]}`);
    if (responseModeParam !== undefined && responseModeParam !== 'query' && responseModeParam !== 'fragment') {
      return fail('invalid_request', 'Invalid parameter: response_mode');
    }
    if (q.response_type !== 'code') return fail('unsupported_response_type', 'Client is not allowed to initiate browser login with given response_type. Only "code" is supported.');
    if (q.code_challenge_method === undefined) return fail('invalid_request', 'Missing parameter: code_challenge_method');
    if (q.code_challenge_method !== 'S256') return fail('invalid_request', 'Invalid parameter: code challenge method is not configured one');
    if (!isValidS256Challenge(q.code_challenge)) return fail('invalid_request', 'Invalid parameter: code_challenge');
    if ([state, q.nonce, q.scope].some((value) => typeof value === 'string' && value.length > 2048)) return fail('invalid_request', 'Parameter too long');

    const prompts = new Set(String(q.prompt ?? '').split(' ').filter(Boolean));
    if (prompts.has('none') && prompts.size > 1) return fail('invalid_request', 'Invalid parameter: prompt');
    const request: Omit<PendingAuthorization, 'browserBinding'> = {
      clientId: client.clientId,
      redirectUri,
      responseMode,
      state,
      nonce: single(q.nonce),
      codeChallenge: q.code_challenge,
      scope: grantedScope(single(q.scope)),
    };

    const session = store.findSession(readCookie(req, SESSION_COOKIE));
    const maxAge = q.max_age === undefined ? Infinity : Number(q.max_age);
    const fresh = !session || !(now() / 1000 - session.authTime > maxAge);
    if (session && fresh && !prompts.has('login')) {
      return res.redirect(302, signedInResponse(request, session));
    }
    if (prompts.has('none')) return fail('login_required', 'Login required');

    const binding = browserBinding(req, res);
    const id = store.savePending({ ...request, browserBinding: binding });
    return sendPage(res, 200, renderSignInPage([...users.values()], signInAction, { request: id }), [...client.origins]);
  });

  router.post(`${realmPath}/login-actions/authenticate`, form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const request = store.takePending(body.request);
    if (!request) {
      return sendPage(res, 400, renderErrorPage('ログインの有効期限が切れました', 'ログイン画面を開き直してください。The sign-in page has expired; start again from the application.'));
    }
    if (!sameSecret(readCookie(req, BROWSER_COOKIE), request.browserBinding)) {
      return sendPage(res, 403, renderErrorPage('このブラウザーで開始されたログインではありません', 'Cookie を有効にして、アプリケーションからやり直してください。This sign-in was not started in this browser.'));
    }
    const user = users.get(String(body.username ?? ''));
    if (!user) return sendPage(res, 400, renderErrorPage('ユーザーが見つかりません', 'Unknown demo user.'));

    store.endSession(readCookie(req, SESSION_COOKIE));
    const session = store.startSession(user.id);
    res.cookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: realmPath });
    return res.redirect(302, signedInResponse(request, session));
  });

  // ── token endpoint ─────────────────────────────────────────────────────────────────────────
  router.options(`${realmPath}/protocol/openid-connect/token`, (req, res) => preflight(req, res));
  router.post(`${realmPath}/protocol/openid-connect/token`, form, (req, res) => {
    allowCors(req, res);
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const duplicated = Object.entries(body).find(([, value]) => typeof value !== 'string');
    if (duplicated) return oauthError(res, 400, 'invalid_request', `Duplicated parameter: ${duplicated[0]}`);
    const params = body as Record<string, string | undefined>;

    const basic = basicClientId(req.get('authorization'));
    if (basic && params.client_id && basic !== params.client_id) return oauthError(res, 400, 'invalid_request', 'client_id does not match the Authorization header');
    const client = clients.get(basic ?? params.client_id ?? '');
    if (!client) return oauthError(res, 401, 'invalid_client', 'Invalid client or Invalid client credentials');

    if (params.grant_type === 'authorization_code') return exchangeCode(res, client, params);
    if (params.grant_type === 'refresh_token') return refresh(res, client, params);
    if (!params.grant_type) return oauthError(res, 400, 'invalid_request', 'Missing form parameter: grant_type');
    return oauthError(res, 400, 'unsupported_grant_type', 'Unsupported grant_type');
  });

  function exchangeCode(res: Response, client: RegisteredClient, params: Record<string, string | undefined>) {
    if (!params.code) return oauthError(res, 400, 'invalid_request', 'Missing parameter: code');
    const redemption = store.redeemCode(params.code);
    if (redemption.outcome === 'reused') {
      // RFC 6749 §4.1.2: a replayed code revokes what it was exchanged for.
      store.endSession(redemption.code.sessionId);
      return oauthError(res, 400, 'invalid_grant', 'Code not valid');
    }
    if (redemption.outcome === 'unknown') return oauthError(res, 400, 'invalid_grant', 'Code not valid');
    if (redemption.outcome === 'expired') return oauthError(res, 400, 'invalid_grant', 'Code is expired');
    const { code } = redemption;
    if (code.clientId !== client.clientId) return oauthError(res, 400, 'invalid_grant', 'Auth error');
    if (params.redirect_uri !== code.redirectUri) return oauthError(res, 400, 'invalid_grant', 'Incorrect redirect_uri');
    if (!params.code_verifier) return oauthError(res, 400, 'invalid_grant', 'PKCE code verifier not specified');
    if (!isValidCodeVerifier(params.code_verifier)) return oauthError(res, 400, 'invalid_grant', 'PKCE verification failed: Invalid code verifier');
    if (!verifiesS256Challenge(params.code_verifier, code.codeChallenge)) return oauthError(res, 400, 'invalid_grant', 'PKCE verification failed: Code mismatch');
    const session = store.findSession(code.sessionId);
    const user = session && usersById.get(session.userId);
    if (!session || !user) return oauthError(res, 400, 'invalid_grant', 'Session not active');
    store.touchSession(session);
    return res.json(tokens.issue({ user, session, sessionExpiresAt: store.sessionExpiresAt(session), clientId: client.clientId, scope: code.scope, nonce: code.nonce }));
  }

  function refresh(res: Response, client: RegisteredClient, params: Record<string, string | undefined>) {
    if (!params.refresh_token) return oauthError(res, 400, 'invalid_request', 'Missing parameter: refresh_token');
    const claims = keys.verify(params.refresh_token);
    if (!claims || claims.typ !== 'Refresh' || claims.iss !== issuer) return oauthError(res, 400, 'invalid_grant', 'Invalid refresh token');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now()) return oauthError(res, 400, 'invalid_grant', 'Token is not active');
    if (claims.azp !== client.clientId) return oauthError(res, 400, 'invalid_grant', 'Invalid refresh token. Token client and authorized client don\'t match');
    const session = store.findSession(claims.sid);
    const user = session && usersById.get(session.userId);
    if (!session || !user || user.id !== claims.sub) return oauthError(res, 400, 'invalid_grant', 'Session not active');
    store.touchSession(session);
    const scope = typeof claims.scope === 'string' ? claims.scope : grantedScope('openid');
    return res.json(tokens.issue({ user, session, sessionExpiresAt: store.sessionExpiresAt(session), clientId: client.clientId, scope }));
  }

  // ── userinfo ───────────────────────────────────────────────────────────────────────────────
  router.options(`${realmPath}/protocol/openid-connect/userinfo`, (req, res) => preflight(req, res));
  router.all(`${realmPath}/protocol/openid-connect/userinfo`, form, (req, res) => {
    allowCors(req, res);
    res.set('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'POST') return res.status(405).set('Allow', 'GET, POST').end();
    const header = /^bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const raw = header?.[1] ?? (req.body as Record<string, unknown> | undefined)?.access_token;
    const claims = keys.verify(raw);
    const active = claims && claims.typ === 'Bearer' && claims.iss === issuer && typeof claims.exp === 'number' && claims.exp * 1000 > now();
    const session = active ? store.findSession(claims.sid) : null;
    const user = session && usersById.get(session.userId);
    if (!claims || !user || user.id !== claims.sub) {
      res.set('WWW-Authenticate', `Bearer realm="${realm}", error="invalid_token", error_description="Token verification failed"`);
      return res.status(401).json({ error: 'invalid_token', error_description: 'Token verification failed' });
    }
    return res.json({ sub: user.id, ...profileClaims(user) });
  });

  // ── logout ─────────────────────────────────────────────────────────────────────────────────
  router.all(`${realmPath}/protocol/openid-connect/logout`, form, (req, res) => {
    if (req.method !== 'GET' && req.method !== 'POST') return res.status(405).set('Allow', 'GET, POST').end();
    const raw = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown> | undefined;
    const params = { id_token_hint: single(raw?.id_token_hint), client_id: single(raw?.client_id), post_logout_redirect_uri: single(raw?.post_logout_redirect_uri), state: single(raw?.state) };

    let hint: JwtClaims | null = null;
    if (params.id_token_hint) {
      // An expired ID token is still a fine hint: only signature and issuer matter here.
      hint = keys.verify(params.id_token_hint);
      if (!hint || hint.typ !== 'ID' || hint.iss !== issuer) return sendPage(res, 400, renderErrorPage('ログアウトできませんでした', 'Invalid parameter: id_token_hint'));
    }
    const hintedClient = typeof hint?.azp === 'string' ? hint.azp : undefined;
    if (hintedClient && params.client_id && hintedClient !== params.client_id) {
      return sendPage(res, 400, renderErrorPage('ログアウトできませんでした', 'Parameter client_id different than the client from id_token_hint'));
    }
    let redirectTo: string | undefined;
    if (params.post_logout_redirect_uri) {
      const client = clients.get(params.client_id ?? hintedClient ?? '');
      if (!client) return sendPage(res, 400, renderErrorPage('ログアウトできませんでした', 'Either the client_id or id_token_hint parameter is required when using post_logout_redirect_uri.'));
      if (!isAllowedRedirectUri(client, params.post_logout_redirect_uri)) return sendPage(res, 400, renderErrorPage('ログアウトできませんでした', 'Invalid redirect uri (post_logout_redirect_uri).'));
      redirectTo = params.post_logout_redirect_uri;
    }

    store.endSession(readCookie(req, SESSION_COOKIE));
    if (hint) store.endSession(hint.sid);
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: realmPath });
    if (!redirectTo) return sendPage(res, 200, renderSignedOutPage());
    const target = new URL(redirectTo);
    if (params.state) target.searchParams.set('state', params.state);
    return res.redirect(302, target.toString());
  });

  // Body-parser failures and anything unexpected: OAuth JSON on the API-style endpoints, a page elsewhere.
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith(realmPath) || res.headersSent) return next(error);
    const status = (error as { status?: number }).status ?? 500;
    const description = status < 500 ? (error as Error).message : 'Internal error';
    if (/\/(token|userinfo)$/.test(req.path)) return oauthError(res, status >= 500 ? 500 : 400, 'invalid_request', description);
    return sendPage(res, status, renderErrorPage('エラーが発生しました', description));
  });

  // ── helpers that need this instance ─────────────────────────────────────────────────────────
  function signedInResponse(request: Omit<PendingAuthorization, 'browserBinding'>, session: DevSession): string {
    const code = store.issueCode({
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      nonce: request.nonce,
      scope: request.scope,
      sessionId: session.id,
    });
    store.touchSession(session);
    return authorizationResponse(request.redirectUri, request.responseMode, { state: request.state, session_state: session.id, iss: issuer, code });
  }

  /** The browser's sign-in binding: reuses the cookie so several tabs can sign in at once. */
  function browserBinding(req: Request, res: Response): string {
    const existing = readCookie(req, BROWSER_COOKIE);
    if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
    const value = randomBytes(24).toString('base64url');
    res.cookie(BROWSER_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: realmPath });
    return value;
  }

  function allowCors(req: Request, res: Response): boolean {
    const origin = req.get('origin');
    res.vary('Origin');
    if (!origin || !allOrigins.has(origin)) return false;
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
    return true;
  }

  function preflight(req: Request, res: Response) {
    if (allowCors(req, res)) {
      res.set({
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
        'Access-Control-Max-Age': '3600',
      });
    }
    res.status(204).end();
  }

  function sendPage(res: Response, status: number, html: string, formTargets: string[] = []) {
    res
      .status(status)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': pageContentSecurityPolicy(formTargets),
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
      })
      .send(html);
  }

  return router;
}
