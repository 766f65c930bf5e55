// The shipped realm (deploy/keycloak/gennai-realm.json) in a real Keycloak issues the tokens the API relies on.
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeycloak, type KeycloakForTests } from './keycloak.mjs';

const PASSWORD = 'yokosuka-admin-passphrase';

let keycloak: KeycloakForTests;
let issuer: string;

beforeAll(async () => {
  const started = Date.now();
  keycloak = await startKeycloak();
  issuer = `${keycloak.url}/realms/gennai`;
  console.info(`Keycloak from ${keycloak.provider} ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${keycloak.url}`);
  await keycloak.admin.createUser({
    username: 'yokosuka-admin',
    password: PASSWORD,
    organization: 'yokosuka-city',
    organizationName: '横須賀市',
    orgUnit: '市民部/市民課',
    roles: ['org_admin'],
    firstName: '花子',
    lastName: '横須賀',
  });
}, 660_000);

afterAll(async () => {
  await keycloak?.stop();
});

describe('access tokens of the gennai realm', () => {
  it('carry the issuer, audience, roles and organisation the API checks', async () => {
    const { access_token } = await keycloak.admin.passwordToken('yokosuka-admin', PASSWORD);
    const { payload } = decodeJwt(access_token);

    expect(payload.iss).toBe(issuer);
    expect([payload.aud].flat()).toContain('gennai-api');
    expect(payload.typ).toBe('Bearer');
    expect(payload.azp).toBe('gennai-test');
    expect(payload.preferred_username).toBe('yokosuka-admin');
    expect(payload.name).toBe('花子 横須賀');
    // org_admin was granted; user comes from the realm's default roles.
    expect(payload.realm_access.roles).toEqual(expect.arrayContaining(['org_admin', 'user']));
    expect(payload.realm_access.roles).not.toContain('platform_admin');
    // The realm's `organization` scope (aliases) and gennai-web's mapper (id and attributes) both write the claim.
    // Keycloak does not fix the order in which the two mappers run, so the two entries may come either way round.
    expect(payload.organization).toHaveLength(2);
    expect(payload.organization).toEqual(
      expect.arrayContaining([
        'yokosuka-city',
        { 'yokosuka-city': { id: expect.any(String), 'gennai.provision': ['true'], 'gennai.name': ['横須賀市'] } },
      ]),
    );
    expect(payload.org_unit).toBe('市民部/市民課');
    expect(payload.exp - payload.iat).toBe(300);
  });

  it('are RS256-signed with a key published in the realm JWKS', async () => {
    const { access_token } = await keycloak.admin.passwordToken('yokosuka-admin', PASSWORD);
    const { header, signedPart, signature } = decodeJwt(access_token);
    const discovery = await getJson(`${issuer}/.well-known/openid-configuration`);
    expect(discovery.issuer).toBe(issuer);
    expect(discovery.jwks_uri).toBe(`${issuer}/protocol/openid-connect/certs`);

    const { keys } = await getJson(discovery.jwks_uri);
    expect(header.alg).toBe('RS256');
    expect(header.kid).toEqual(expect.any(String));
    const jwk = keys.find((key: { kid: string }) => key.kid === header.kid);
    expect(jwk, `kid ${header.kid} in ${discovery.jwks_uri}`).toBeDefined();
    const publicKey = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    expect(verify('RSA-SHA256', Buffer.from(signedPart), publicKey, signature)).toBe(true);
  });

  it('put the organisation into the ID token and userinfo too', async () => {
    const tokens = await keycloak.admin.passwordToken('yokosuka-admin', PASSWORD);
    const { payload: idToken } = decodeJwt(tokens.id_token!);
    expect(idToken).toMatchObject({ organization: expect.arrayContaining(['yokosuka-city']), org_unit: '市民部/市民課' });

    const userinfo = await getJson(`${issuer}/protocol/openid-connect/userinfo`, tokens.access_token);
    expect(userinfo).toMatchObject({ organization: expect.arrayContaining(['yokosuka-city']), org_unit: '市民部/市民課' });
  });
});

describe('users of the gennai realm', () => {
  it('cannot change their own unit', async () => {
    const { access_token } = await keycloak.admin.passwordToken('yokosuka-admin', PASSWORD);
    const account = `${issuer}/account/`;
    const me = await getJson(account, access_token);

    const response = await fetch(account, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ ...me, attributes: { ...me.attributes, org_unit: ['総務部/秘書課'] } }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('error-user-attribute-read-only');
    expect((await getJson(account, access_token)).attributes.org_unit).toEqual(['市民部/市民課']);
  });

  it('must have a unit path of at most eight /-separated parts', async () => {
    await expect(
      keycloak.admin.createUser({ username: 'bad-unit', password: PASSWORD, orgUnit: 'a//b' }),
    ).rejects.toThrow(/gennaiOrgUnitInvalid/);
  });

  it('without an organisation get no organization claim', async () => {
    await keycloak.admin.createUser({ username: 'no-org', password: PASSWORD, email: 'no-org@example.test' });
    const { payload } = decodeJwt((await keycloak.admin.passwordToken('no-org', PASSWORD)).access_token);
    expect(payload.organization).toBeUndefined();
  });
});

describe('the shipped gennai-web client', () => {
  it('is a public client limited to the authorization code flow with PKCE S256', async () => {
    const web = await keycloak.admin.client('gennai-web');
    expect(web).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
    });
    expect(web!.attributes['pkce.code.challenge.method']).toBe('S256');
  });

  it('refuses a password login', async () => {
    const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'gennai-web',
        username: 'yokosuka-admin',
        password: PASSWORD,
      }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect((await response.json()).error).toBe('unauthorized_client');
  });

  it('refuses an authorization request without a PKCE challenge', async () => {
    const authorize = new URL(`${issuer}/protocol/openid-connect/auth`);
    authorize.search = new URLSearchParams({
      client_id: 'gennai-web',
      redirect_uri: 'http://localhost:3000/callback',
      response_type: 'code',
      scope: 'openid',
    }).toString();
    const response = await fetch(authorize, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '', authorize);
    expect(location.origin + location.pathname).toBe('http://localhost:3000/callback');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/code_challenge/);
  });

  it('accepts redirects to a web origin the tests allow', async () => {
    await keycloak.admin.allowWebOrigin('http://127.0.0.1:45678');
    const web = await keycloak.admin.client('gennai-web');
    expect(web!.redirectUris).toEqual(expect.arrayContaining(['http://localhost:3000/*', 'http://127.0.0.1:45678/*']));
    expect(web!.webOrigins).toEqual(expect.arrayContaining(['http://127.0.0.1:45678']));
  });
});

function decodeJwt(token: string) {
  const [header, payload, signature] = token.split('.');
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return {
    header: json(header),
    payload: json(payload),
    signedPart: `${header}.${payload}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

async function getJson(url: string, bearer?: string) {
  // Accept: the account endpoint answers HTML (the account console) without it.
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(url, { headers });
  expect(response.ok, `${url}: HTTP ${response.status}`).toBe(true);
  return response.json();
}
