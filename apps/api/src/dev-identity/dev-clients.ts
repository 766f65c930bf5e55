/** A public (PKCE) client registered with the development identity provider. */
export interface DevClient {
  clientId: string;
  /**
   * Origins (`scheme://host:port`) whose URLs are accepted as redirect_uri and
   * post_logout_redirect_uri, and whose scripts may call the token and userinfo endpoints.
   * The issuer's own origin is always accepted.
   */
  allowedOrigins?: string[];
}

export const DEFAULT_CLIENTS: readonly DevClient[] = [{ clientId: 'gennai-web' }];

/** A registered client with its origins resolved. */
export interface RegisteredClient {
  clientId: string;
  origins: ReadonlySet<string>;
}

export function registerClients(clients: readonly DevClient[], issuerOrigin: string): Map<string, RegisteredClient> {
  const registry = new Map<string, RegisteredClient>();
  for (const client of clients) {
    const origins = new Set([issuerOrigin]);
    for (const origin of client.allowedOrigins ?? []) {
      const parsed = new URL(origin);
      if (parsed.origin !== origin.replace(/\/$/, '')) throw new Error(`allowedOrigins: "${origin}" is not a bare origin (scheme://host:port)`);
      origins.add(parsed.origin);
    }
    registry.set(client.clientId, { clientId: client.clientId, origins });
  }
  return registry;
}

/**
 * Whether the provider may send a browser to `uri` for this client: an absolute http(s) URL on
 * one of the client's origins, without credentials or a fragment (RFC 6749 §3.1.2).
 */
export function isAllowedRedirectUri(client: RegisteredClient, uri: unknown): uri is string {
  if (typeof uri !== 'string' || uri.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password || uri.includes('#')) return false;
  return client.origins.has(parsed.origin);
}
