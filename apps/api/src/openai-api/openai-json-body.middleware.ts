import express, { type RequestHandler } from 'express';
import { ApiException } from '../http/api.exception';
import { sendOpenAiError } from './openai-error';

/** Bytes one /v1 JSON body may have: room for a long conversation or document (the model's context is the real limit). */
export const OPENAI_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** Parses JSON bodies of the OpenAI-compatible API, answering parser errors in OpenAI's error shape. */
export function openAiJsonBody(limitBytes = OPENAI_BODY_LIMIT_BYTES): RequestHandler {
  const parse = express.json({ limit: limitBytes, strict: true, type: () => true });
  return (req, res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || req.method === 'GET' || req.method === 'HEAD') return next();
    const fail = (error: ApiException) => sendOpenAiError(req, res, error);
    if (!req.is('application/json')) return fail(new ApiException(415, 'unsupported_media_type'));
    parse(req, res, (error?: { type?: string }) => {
      if (!error) return next();
      fail(error.type === 'entity.too.large' ? new ApiException(413, 'payload_too_large') : new ApiException(400, 'malformed_json'));
    });
  };
}
