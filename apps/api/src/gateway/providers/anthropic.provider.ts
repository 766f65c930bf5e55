import { z } from 'zod';
import type { UpstreamErrorCode } from '../upstream.error';
import { SseModelClient } from './http-stream';
import type { ProviderAdapter } from './provider-adapter';
import { baseUrlOf, generationOptions, type StreamStep, type UpstreamCall } from './upstream-call';

export const ANTHROPIC_API_VERSION = '2023-06-01';
/** The Messages API requires `max_tokens`; used when the request sets no limit. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

type Usage = { input_tokens?: number; output_tokens?: number; cache_creation_input_tokens?: number | null; cache_read_input_tokens?: number | null };
type MessagesEvent = {
  type?: string;
  message?: { usage?: Usage };
  delta?: { type?: string; text?: string; stop_reason?: string | null };
  usage?: Usage;
  error?: { type?: string; message?: string };
};

/** Errors the stream itself may report (`event: error`), by Anthropic's error type. */
const STREAM_ERRORS: Record<string, { code: UpstreamErrorCode; retryable: boolean }> = {
  overloaded_error: { code: 'upstream_unavailable', retryable: true },
  api_error: { code: 'upstream_unavailable', retryable: true },
  rate_limit_error: { code: 'upstream_rate_limited', retryable: true },
  timeout_error: { code: 'upstream_timeout', retryable: true },
};

/**
 * Anthropic's Messages API with streaming: `POST {baseUrl}/v1/messages` (default https://api.anthropic.com),
 * `x-api-key` + `anthropic-version: 2023-06-01`. System turns become the top-level `system`; usage comes in
 * `message_start` (input) and `message_delta` (output). A `refusal` stop reason counts as the content filter.
 */
export const anthropicAdapter: ProviderAdapter = {
  type: 'anthropic',
  label: { ja: 'Anthropic（Claude API）', en: 'Anthropic (Claude API)' },
  requiresBaseUrl: false,
  settingsSchema: z.strictObject({}),
  create(target, timeouts) {
    anthropicAdapter.settingsSchema.parse(target.settings);
    const url = `${baseUrlOf(target.baseUrl, 'https://api.anthropic.com')}/v1/messages`;
    const headers: Record<string, string> = {
      'anthropic-version': ANTHROPIC_API_VERSION,
      ...(target.credential ? { 'x-api-key': target.credential } : {}),
    };
    return new SseModelClient(
      {
        request: (request) => {
          const system = request.messages.filter((turn) => turn.role === 'system').map((turn) => turn.content);
          return {
            url,
            headers,
            body: {
              model: target.upstreamModel,
              max_tokens: request.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
              ...(system.length ? { system: system.join('\n\n') } : {}),
              messages: request.messages.filter((turn) => turn.role !== 'system').map(({ role, content }) => ({ role, content })),
              ...generationOptions(request, { temperature: 'temperature', topP: 'top_p', stop: 'stop_sequences' }),
              stream: true,
            },
          };
        },
        read: readMessagesEvent,
      },
      timeouts,
      [target.credential],
    );
  },
};

function readMessagesEvent(event: { data: string }, call: UpstreamCall): StreamStep | undefined {
  const data = call.json<MessagesEvent>(event.data);
  switch (data.type) {
    case 'message_start':
      return usageOf(data.message?.usage);
    case 'content_block_delta':
      if (data.delta?.type === 'text_delta') return { text: data.delta.text };
      return { progressed: true }; // thinking, signatures, tool input: work, not answer text
    case 'message_delta': {
      const reason = data.delta?.stop_reason ?? undefined;
      return { finished: !!reason, filtered: reason === 'refusal' ? reason : undefined, ...usageOf(data.usage) };
    }
    case 'message_stop':
      return { end: true };
    case 'error': {
      const type = data.error?.type ?? 'unknown';
      const known = STREAM_ERRORS[type] ?? { code: 'upstream_bad_response', retryable: true };
      throw call.error(known.code, `the model reported ${type} mid-stream: ${data.error?.message ?? ''}`, { retryable: known.retryable });
    }
    default:
      return undefined; // ping, content_block_start/stop and event types added later
  }
}

function usageOf(usage: Usage | undefined): Pick<StreamStep, 'inputTokens' | 'outputTokens'> {
  if (!usage) return {};
  const cached = (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
  return {
    ...(usage.input_tokens === undefined ? {} : { inputTokens: usage.input_tokens + cached }),
    ...(usage.output_tokens === undefined ? {} : { outputTokens: usage.output_tokens }),
  };
}
