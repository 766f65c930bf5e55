import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Where a request came from, as the audit log records it. */
export interface AuditSource {
  /** The client's address (X-Forwarded-For is believed only from the proxies `trust proxy` names). */
  ip: string | null;
  userAgent: string | null;
}

const USER_AGENT_MAX_CHARS = 512;
const requestSource = new AsyncLocalStorage<AuditSource>();

/**
 * Remembers each request's source for the rest of its handling, so `AuditLog.record()` can fill it in wherever the
 * event happens (a guard, a service, a transaction) without every caller passing the request down.
 */
@Injectable()
export class AuditSourceMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction) {
    const agent = req.headers['user-agent'];
    const source: AuditSource = {
      ip: (req.ip ?? req.socket.remoteAddress ?? '').slice(0, 64) || null,
      userAgent: typeof agent === 'string' && agent ? Array.from(agent).slice(0, USER_AGENT_MAX_CHARS).join('') : null,
    };
    requestSource.run(source, next);
  }
}

/** The current request's source; none outside a request (scheduled jobs, the CLI). */
export function currentAuditSource(): AuditSource {
  return requestSource.getStore() ?? { ip: null, userAgent: null };
}
