import type { Request } from 'express';

/** Where a request came from, as the audit log records it. */
export interface AuditSource {
  /** The client's address (X-Forwarded-For is believed only from the proxies `trust proxy` names). */
  ip: string | null;
  userAgent: string | null;
}

const USER_AGENT_MAX_CHARS = 512;

/** No request behind the event: scheduled jobs, the CLI. */
export const NO_AUDIT_SOURCE: AuditSource = { ip: null, userAgent: null };

/**
 * The request's source. The auth guard puts it on the Caller, so `AuditLog.record()` finds it wherever the event
 * happens without every caller passing the request down — and without request-scoped async context on every route.
 */
export function auditSourceOf(req: Request): AuditSource {
  const agent = req.headers['user-agent'];
  return {
    ip: (req.ip ?? req.socket.remoteAddress ?? '').slice(0, 64) || null,
    userAgent:
      typeof agent === 'string' && agent
        ? agent.length <= USER_AGENT_MAX_CHARS
          ? agent
          : Array.from(agent).slice(0, USER_AGENT_MAX_CHARS).join('')
        : null,
  };
}
