import { randomBytes, randomUUID } from 'node:crypto';

/** Lifetimes, as in a default Keycloak realm. */
export const LIFETIMES = {
  accessTokenSeconds: 300,
  authorizationCodeSeconds: 60,
  signInPageSeconds: 30 * 60,
  sessionIdleSeconds: 30 * 60,
  sessionMaxSeconds: 10 * 60 * 60,
} as const;

/** A signed-in browser (Keycloak's user session; its id is the tokens' `sid`). */
export interface DevSession {
  id: string;
  userId: string;
  /** Seconds since the epoch, the tokens' `auth_time`. */
  authTime: number;
  lastActiveAt: number;
}

/** An authorization request waiting for the user to pick an account on the sign-in page. */
export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  responseMode: 'query' | 'fragment';
  state?: string;
  nonce?: string;
  codeChallenge: string;
  scope: string;
  /** The value of the browser's sign-in cookie: only that browser may complete the request. */
  browserBinding: string;
}

/** A one-time authorization code and everything the token request must match. */
export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
  scope: string;
  sessionId: string;
  expiresAt: number;
  used: boolean;
}

export type CodeRedemption =
  | { outcome: 'valid'; code: AuthorizationCode }
  | { outcome: 'unknown' }
  | { outcome: 'expired' }
  | { outcome: 'reused'; code: AuthorizationCode };

const MAX_PENDING = 10_000;

/** All provider state, in memory: it ends with the process, like the signing keys. */
export class SessionStore {
  private readonly sessions = new Map<string, DevSession>();
  private readonly pending = new Map<string, PendingAuthorization & { expiresAt: number }>();
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(private readonly now: () => number = Date.now) {}

  startSession(userId: string): DevSession {
    this.sweep();
    const now = this.now();
    const session = { id: randomUUID(), userId, authTime: Math.floor(now / 1000), lastActiveAt: now };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session if it is still active (not idle too long, not past its maximum age). */
  findSession(id: unknown): DevSession | null {
    if (typeof id !== 'string') return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    if (this.sessionExpiresAt(session) <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    return session;
  }

  /** Milliseconds since the epoch at which the session ends unless it is used again. */
  sessionExpiresAt(session: DevSession): number {
    return Math.min(session.lastActiveAt + LIFETIMES.sessionIdleSeconds * 1000, (session.authTime + LIFETIMES.sessionMaxSeconds) * 1000);
  }

  touchSession(session: DevSession): void {
    session.lastActiveAt = this.now();
  }

  endSession(id: unknown): void {
    if (typeof id === 'string') this.sessions.delete(id);
  }

  savePending(request: PendingAuthorization): string {
    this.sweep();
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    const id = randomBytes(24).toString('base64url');
    this.pending.set(id, { ...request, expiresAt: this.now() + LIFETIMES.signInPageSeconds * 1000 });
    return id;
  }

  /** Removes and returns a pending request (each sign-in page can be used once). */
  takePending(id: unknown): PendingAuthorization | null {
    if (typeof id !== 'string') return null;
    const request = this.pending.get(id);
    this.pending.delete(id);
    if (!request || request.expiresAt <= this.now()) return null;
    return request;
  }

  issueCode(details: Omit<AuthorizationCode, 'expiresAt' | 'used'>): string {
    this.sweep();
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { ...details, expiresAt: this.now() + LIFETIMES.authorizationCodeSeconds * 1000, used: false });
    return code;
  }

  /** Marks the code used, whatever the outcome: a code is good for exactly one token request. */
  redeemCode(value: unknown): CodeRedemption {
    const code = typeof value === 'string' ? this.codes.get(value) : undefined;
    if (!code) return { outcome: 'unknown' };
    if (code.used) return { outcome: 'reused', code };
    code.used = true;
    if (code.expiresAt <= this.now()) return { outcome: 'expired' };
    return { outcome: 'valid', code };
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (this.sessionExpiresAt(session) <= now) this.sessions.delete(id);
    for (const [id, request] of this.pending) if (request.expiresAt <= now) this.pending.delete(id);
    // Used codes are kept until they expire so a replay can be recognised (and the session revoked).
    for (const [code, entry] of this.codes) if (entry.expiresAt <= now) this.codes.delete(code);
  }
}
