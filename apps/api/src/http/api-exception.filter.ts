import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import {
  ApiErrorView,
  ERROR_MESSAGES,
  ErrorCode,
  FIELD_MESSAGES,
  FieldMessageKind,
  formatMessage,
  Locale,
  RESOURCE_NAMES,
  ResourceName,
} from '@gennai/contracts';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '../logging/logger';
import { ApiException } from './api.exception';
import { localeOf } from './request-locale';

/** Status codes of framework errors, mapped onto the error catalogue. */
const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'route_not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function renderError(error: ApiException, locale: Locale): ApiErrorView {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(error.params)) {
    params[name] = typeof value === 'object' ? value[locale] : value;
  }
  if (typeof params.resource === 'string' && params.resource in RESOURCE_NAMES) {
    params.resource = RESOURCE_NAMES[params.resource as ResourceName][locale];
  }
  return {
    statusCode: error.statusCode,
    code: error.code,
    message: formatMessage(ERROR_MESSAGES[error.code][locale], params),
    ...(error.details && {
      details: error.details.map((d) => ({
        field: d.field,
        message: `${d.field}: ${formatMessage(FIELD_MESSAGES[d.kind as FieldMessageKind]?.[locale] ?? d.kind, d.params)}`,
      })),
    }),
    ...error.bodyExtras(),
  };
}

/** Answers with the error as an ApiErrorView in the caller's language, with the request id. */
export function sendError(req: Request & { id?: unknown }, res: Response, error: ApiException) {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.statusCode).json({ ...renderError(error, localeOf(req)), requestId: req.id });
}

/** Turns every error into an ApiErrorView in the caller's language; never leaks internals. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const error = this.toApiException(exception);
    if (error.statusCode >= 500) this.logger.error({ err: exception, reqId: req.id }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(req, res, error);
  }

  private toApiException(exception: unknown): ApiException {
    if (exception instanceof ApiException) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_CODES[status];
      if (code) return new ApiException(status, code);
    }
    return new ApiException(500, 'internal_error');
  }
}
