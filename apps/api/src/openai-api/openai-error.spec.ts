import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../gateway/upstream.error';
import { ApiException } from '../http/api.exception';
import { sseErrorEvent, toApiException, toOpenAiError } from './openai-error';

describe('OpenAI-shaped errors', () => {
  it('answers an unknown model as OpenAI does: 404 model_not_found', () => {
    expect(toOpenAiError(new ApiException(400, 'unknown_model', { modelId: 'gpt-x' }), 'en')).toEqual({
      status: 404,
      body: { error: { message: 'The model "gpt-x" is not available.', type: 'invalid_request_error', code: 'model_not_found', param: 'model' } },
    });
  });

  it('words the message in the caller’s language', () => {
    const { status, body } = toOpenAiError(new ApiException(401, 'invalid_api_key'), 'ja');
    expect(status).toBe(401);
    expect(body.error).toMatchObject({ code: 'invalid_api_key', message: 'APIキーが無効です（失効・期限切れ・誤り）。' });
  });

  it('names the unsupported or invalid parameter', () => {
    expect(toOpenAiError(new ApiException(400, 'unsupported_parameter', { param: 'tools' }), 'en').body.error).toMatchObject({ code: 'unsupported_parameter', param: 'tools' });
    const invalid = new ApiException(400, 'validation_failed', {}, [{ field: 'messages.0.role', kind: 'required' }]);
    expect(toOpenAiError(invalid, 'en').body.error).toMatchObject({ param: 'messages[0].role', message: 'The request has invalid input. messages.0.role: is required' });
  });

  it('maps rate limits to OpenAI’s rate_limit_exceeded', () => {
    expect(toOpenAiError(new ApiException(429, 'rate_limited', { seconds: 3 }), 'en').body.error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
  });

  it('maps upstream failures to 502, 503 and 504, keeping Retry-After', () => {
    const busy = toApiException(new UpstreamError('upstream_rate_limited', 'busy', { retryAfterMs: 1500 }));
    expect(busy).toMatchObject({ statusCode: 503, code: 'upstream_rate_limited', headers: { 'Retry-After': '2' } });
    expect(toApiException(new UpstreamError('upstream_unavailable', 'down')).statusCode).toBe(502);
    expect(toApiException(new UpstreamError('upstream_timeout', 'slow')).statusCode).toBe(504);
    expect(toApiException(new Error('bug'))).toMatchObject({ statusCode: 500, code: 'internal_error' });
  });

  it('reports a failure mid-stream as one data event the OpenAI clients throw', () => {
    const event = sseErrorEvent(toApiException(new UpstreamError('upstream_unavailable', 'cut')), 'en');
    expect(event).toMatch(/^data: \{"error":\{.*\}\}\n\n$/);
    expect(JSON.parse(event.slice(6)).error).toMatchObject({ type: 'server_error', code: 'upstream_unavailable' });
  });
});
