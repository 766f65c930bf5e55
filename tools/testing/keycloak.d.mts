/** Where the test Keycloak came from. */
export type KeycloakProvider = 'env' | 'testcontainers' | 'distribution';

export const REALM: 'gennai';
/** Absolute path of the shipped realm, deploy/keycloak/gennai-realm.json. */
export const REALM_FILE: string;
/** The test-only public client with direct access grants; created by AdminClient.ensureTestClient(). */
export const TEST_CLIENT_ID: 'gennai-test';

export interface NewTestUser {
  username: string;
  /** Must satisfy the realm's password policy: at least 12 characters, not the username or the email. */
  password: string;
  /** Alias of the Keycloak Organization the user joins (created on first use), e.g. `yokosuka-city`. */
  organization?: string;
  /** The Organization's name when it is created, e.g. `横須賀市`. */
  organizationName?: string;
  /** Whether the Organization carries `gennai.provision=true` (Gennai may create it at sign-in). Default true. */
  organizationProvision?: boolean;
  /** The user's unit path (`org_unit` attribute and claim), e.g. `情報システム局/総務課`. */
  orgUnit?: string;
  /** Realm roles besides the default `user`, e.g. `['org_admin']`. */
  roles?: string[];
  /** Default: the username. */
  firstName?: string;
  /** Default: `Test`. */
  lastName?: string;
  /** Default: `<username>@example.test`; always marked verified. */
  email?: string;
}

/** Keycloak's token endpoint response. */
export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
  scope: string;
  [key: string]: unknown;
}

/** A client of Keycloak's admin REST API authenticated as a master-realm admin (admin-cli). */
export interface AdminClient {
  readonly url: string;
  readonly realm: string;
  /** A master-realm admin access token. */
  token(): Promise<string>;
  /** Calls `/admin/realms/<realm><path>`; resolves to parsed JSON, or the new id for a 201 with a Location. */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** The representation of a client by clientId (e.g. `gennai-web`), or undefined. */
  client(clientId: string): Promise<Record<string, any> | undefined>;
  /** Creates an enabled user with a verified email and no required actions; resolves to the user's id. */
  createUser(user: NewTestUser): Promise<string>;
  /** The id of the Keycloak Organization with this alias, created if missing. */
  ensureOrganization(organization: { alias: string; name?: string; domain?: string; provision?: boolean }): Promise<string>;
  /** Creates `gennai-test` once (idempotent); its tokens carry the same claims as gennai-web's. */
  ensureTestClient(): Promise<'gennai-test'>;
  /** Password grant through `gennai-test` (scope openid); rejects with Keycloak's error description. */
  passwordToken(username: string, password: string): Promise<TokenResponse>;
  /** Adds `${origin}/*` to gennai-web's redirect URIs and `origin` to its web origins. */
  allowWebOrigin(origin: string): Promise<void>;
}

export interface KeycloakForTests {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:40123`; the issuer is `${url}/realms/gennai`. */
  url: string;
  realm: 'gennai';
  provider: KeycloakProvider;
  admin: AdminClient;
  adminCredentials: { username: string; password: string };
  /**
   * Stops a Keycloak this module started; on KEYCLOAK_URL removes the users, test client and web origins the
   * tests added (or the whole realm if it imported it). Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * A real Keycloak with the shipped `gennai` realm: env KEYCLOAK_URL (+ KEYCLOAK_ADMIN_USERNAME/PASSWORD), else a
 * testcontainers container (keycloak/keycloak) when a container runtime answers, else the distribution that
 * `npm run provision` unpacked. The distribution's first start builds itself: allow minutes in beforeAll.
 * Throws an Error explaining how to provide Keycloak when none works.
 */
export function startKeycloak(): Promise<KeycloakForTests>;
