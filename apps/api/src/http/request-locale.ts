import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { negotiateLocale, type Locale } from '@gennai/contracts';
import type { Request } from 'express';

export function localeOf(req: Pick<Request, 'headers'>): Locale {
  return negotiateLocale(req.headers['accept-language']);
}

/** The caller's language (from Accept-Language; Japanese by default). */
export const RequestLocale = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  localeOf(ctx.switchToHttp().getRequest<Request>()),
);
