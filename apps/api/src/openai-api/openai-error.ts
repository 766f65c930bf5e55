import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { ErrorCode, Locale, PiiFindingsView } from '@gennai/contracts';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { UpstreamError, type UpstreamErrorCode } from '../gateway/upstream.error';
import { renderError } from '../http/api-exception.filter';
import { ApiException } from '../http/api.exception';
import { localeOf } from '../http/request-locale';
import { LOGGER } from '../logging/logger';

/** OpenAI's error body; `message` is in the caller's language (Accept-Language, Japanese by default). */
export interface OpenAiErrorBody {
  error: {
    message: string;
    type: string;
    code: string | null;
    param: string | null;
    /** Gennai's addition for pii_confirmation_required and pii_blocked: what was found, per message (no values). */
    pii?: PiiFindingsView;
  };
}

/** Where OpenAI has its own status, type or code for one of Gennai's errors, clients get OpenAI's. */
const OPENAI_ERRORS: Partial<Record<ErrorCode, { status?: number; type?: string; code?: string; param?: string }>> = {
  unauthenticated: { code: 'invalid_api_key' },
  invalid_api_key: { code: 'invalid_api_key' },
  unknown_model: { status: 404, code: 'model_not_found', param: 'model' },
  model_not_allowed: { param: 'model' },
  rate_limited: { type: 'requests', code: 'rate_limit_exceeded' },
  quota_exceeded: { type: 'insufficient_quota' },
};

/** Upstream failures: the model is busy (503), unreachable or answered garbage (502), or too slow (504). */
const UPSTREAM_STATUS: Record<UpstreamErrorCode, number> = {
  upstream_rate_limited: 503,
  upstream_unavailable: 502,
  upstream_bad_response: 502,
  upstream_timeout: 504,
};

export function toApiException(error: unknown): ApiException {
  if (error instanceof ApiException) return error;
  if (error instanceof UpstreamError) {
    const headers: Record<string, string> = error.retryAfterMs ? { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) } : {};
    return new ApiException(UPSTREAM_STATUS[error.code], error.code, {}, undefined, headers);
  }
  return new ApiException(500, 'internal_error');
}

/** `messages.0.role` (a validation detail) as OpenAI names it: `messages[0].role`. */
const openAiParam = (field: string) => field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

export function toOpenAiError(error: ApiException, locale: Locale): { status: number; body: OpenAiErrorBody } {
  const view = renderError(error, locale);
  const mapped = OPENAI_ERRORS[error.code] ?? {};
  const status = mapped.status ?? error.statusCode;
  const details = view.details?.map((detail) => detail.message).join('; ');
  const param = typeof error.params.param === 'string' ? error.params.param : (mapped.param ?? (error.details?.[0] ? openAiParam(error.details[0].field) : null));
  return {
    status,
    body: {
      error: {
        message: details ? `${view.message} ${details}` : view.message,
        type: mapped.type ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
        code: mapped.code ?? error.code,
        param,
        ...(view.pii && { pii: view.pii }),
      },
    },
  };
}

export function sendOpenAiError(req: Request, res: Response, error: ApiException) {
  const { status, body } = toOpenAiError(error, localeOf(req));
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(status).json(body);
}

/** A failure after a stream has started: one `data:` event with the error (the official clients throw it), then the end. */
export function sseErrorEvent(error: ApiException, locale: Locale): string {
  return `data: ${JSON.stringify(toOpenAiError(error, locale).body)}\n\n`;
}

/** Answers every error of the /v1 controllers (guard, validation, gateway, upstream) in OpenAI's error shape. */
@Catch()
export class OpenAiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const error = toApiException(exception);
    if (error.code === 'internal_error') this.logger.error({ err: exception, reqId: req.id }, 'request failed');
    if (res.headersSent) {
      if (!res.writableEnded) res.end();
      return;
    }
    sendOpenAiError(req, res, error);
  }
}
