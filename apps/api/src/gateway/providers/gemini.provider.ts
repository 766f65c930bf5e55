import { z } from 'zod';
import { SseModelClient } from './http-stream';
import type { ProviderAdapter } from './provider-adapter';
import { baseUrlOf, errorMessageOf, generationOptions, type StreamStep, type UpstreamCall } from './upstream-call';

type GenerateContentChunk = {
  candidates?: { content?: { parts?: { text?: string; thought?: boolean }[] }; finishReason?: string }[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };
  error?: { code?: number; message?: string; status?: string };
};

/** Finish reasons that mean a filter, not the model, ended the answer. */
const FILTER_REASONS = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/**
 * Google's Gemini API: `POST {baseUrl}/v1beta/models/{model}:streamGenerateContent?alt=sse` (default
 * https://generativelanguage.googleapis.com), key in `x-goog-api-key`. Roles user/model, system turns as
 * `systemInstruction`, options in `generationConfig`. Thought parts count as work, not as answer text; thinking
 * tokens are billed as output. A prompt blocked by `promptFeedback` or a safety finish reason is the content filter.
 */
export const geminiAdapter: ProviderAdapter = {
  type: 'gemini',
  label: { ja: 'Google Gemini API', en: 'Google Gemini API' },
  requiresBaseUrl: false,
  settingsSchema: z.strictObject({}),
  create(target, timeouts) {
    geminiAdapter.settingsSchema.parse(target.settings);
    const baseUrl = baseUrlOf(target.baseUrl, 'https://generativelanguage.googleapis.com');
    const model = encodeURIComponent(target.upstreamModel.replace(/^models\//, ''));
    const headers: Record<string, string> = target.credential ? { 'x-goog-api-key': target.credential } : {};
    return new SseModelClient(
      {
        request: (request) => {
          const system = request.messages.filter((turn) => turn.role === 'system').map((turn) => ({ text: turn.content }));
          const generationConfig = generationOptions(request, { maxOutputTokens: 'maxOutputTokens', temperature: 'temperature', topP: 'topP', stop: 'stopSequences' });
          return {
            url: `${baseUrl}/v1beta/models/${model}:streamGenerateContent?alt=sse`,
            headers,
            body: {
              contents: request.messages
                .filter((turn) => turn.role !== 'system')
                .map((turn) => ({ role: turn.role === 'assistant' ? 'model' : 'user', parts: [{ text: turn.content }] })),
              ...(system.length ? { systemInstruction: { parts: system } } : {}),
              ...(Object.keys(generationConfig).length ? { generationConfig } : {}),
            },
          };
        },
        read: readGenerateContentEvent,
      },
      timeouts,
      [target.credential],
    );
  },
};

function readGenerateContentEvent(event: { data: string }, call: UpstreamCall): StreamStep {
  const chunk = call.json<GenerateContentChunk>(event.data);
  if (chunk.error) {
    const why = `the model reported ${chunk.error.status ?? 'an error'} mid-stream: ${errorMessageOf(chunk)}`;
    throw typeof chunk.error.code === 'number' ? call.statusError(chunk.error.code, why) : call.badResponse(why);
  }
  const candidate = chunk.candidates?.[0];
  const parts = candidate?.content?.parts ?? [];
  const reason = candidate?.finishReason ?? chunk.promptFeedback?.blockReason;
  const usage = chunk.usageMetadata;
  return {
    text: parts
      .filter((part) => !part.thought && typeof part.text === 'string')
      .map((part) => part.text)
      .join(''),
    progressed: parts.some((part) => part.thought),
    finished: !!reason && reason !== 'FINISH_REASON_UNSPECIFIED',
    filtered: reason && (FILTER_REASONS.has(reason) || reason === chunk.promptFeedback?.blockReason) ? reason : undefined,
    ...(usage?.promptTokenCount === undefined ? {} : { inputTokens: usage.promptTokenCount }),
    ...(usage?.candidatesTokenCount === undefined && usage?.thoughtsTokenCount === undefined
      ? {}
      : { outputTokens: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0) }),
  };
}
