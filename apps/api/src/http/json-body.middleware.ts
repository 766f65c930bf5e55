import express, { type RequestHandler } from 'express';
import { ApiException } from './api.exception';
import { sendError } from './api-exception.filter';

const BODY_PARSER_ERRORS: Record<string, ApiException> = {
  'entity.parse.failed': new ApiException(400, 'malformed_json'),
  'entity.too.large': new ApiException(413, 'payload_too_large'),
  'encoding.unsupported': new ApiException(415, 'unsupported_media_type'),
  'charset.unsupported': new ApiException(415, 'unsupported_media_type'),
};

/**
 * Parses JSON bodies of /api requests (strict: objects and arrays only, size-limited) and refuses
 * bodies of any other media type. Parser errors get the same localised ApiErrorView as the rest.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, strict: true, type: () => true });
  return (req, res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || req.method === 'GET' || req.method === 'HEAD') return next();
    const fail = (error: ApiException) => sendError(req, res, error);
    if (!req.is('application/json')) return fail(new ApiException(415, 'unsupported_media_type'));
    parse(req, res, (error?: { type?: string }) => {
      if (!error) return next();
      fail(BODY_PARSER_ERRORS[error.type ?? ''] ?? new ApiException(400, 'malformed_json'));
    });
  };
}
