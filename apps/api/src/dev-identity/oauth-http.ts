import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/** Small HTTP pieces of OAuth 2.0 / OIDC used by the router. */

export type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'unsupported_response_type' | 'login_required';

/** Appends OAuth response parameters to an already validated redirect URI, in the query or the fragment. */
export function authorizationResponse(redirectUri: string, mode: 'query' | 'fragment', params: Record<string, string | undefined>): string {
  const target = new URL(redirectUri);
  const values = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) values.set(key, value);
  if (mode === 'fragment') {
    target.hash = values.toString();
  } else {
    for (const [key, value] of values) target.searchParams.set(key, value);
  }
  return target.toString();
}

export function oauthError(res: Response, status: number, error: OAuthError, description: string) {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  if (status === 401) res.set('WWW-Authenticate', 'Basic realm="gennai"');
  return res.status(status).json({ error, error_description: description });
}

/** A parameter given once, or undefined (arrays — a repeated parameter — are not a value). */
export function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function basicClientId(header: string | undefined): string | undefined {
  const match = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const id = decoded.slice(0, decoded.includes(':') ? decoded.indexOf(':') : undefined);
  try {
    return decodeURIComponent(id) || undefined;
  } catch {
    return undefined;
  }
}

export function sameSecret(actual: string | undefined, expected: string): boolean {
  if (!actual) return false;
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
