import { z } from 'zod';
import type { ChatRequest } from '../model-client';
import { SseModelClient, type ServerSentEvent } from './http-stream';
import type { ProviderAdapter } from './provider-adapter';
import { baseUrlOf, generationOptions, type StreamStep, type UpstreamCall } from './upstream-call';

type Usage = { prompt_tokens?: number; completion_tokens?: number } | null;
type CompletionChunk = {
  choices?: { delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }; finish_reason?: string | null }[];
  usage?: Usage;
  error?: { message?: string } | string;
};

/**
 * OpenAI Chat Completions with streaming (`POST {baseUrl}/chat/completions`, `Authorization: Bearer`): vLLM, Ollama,
 * llama.cpp's server, PLaMo API and any other server that speaks it. `baseUrl` ends in `/v1`.
 */
export const openAiCompatibleAdapter: ProviderAdapter = {
  type: 'openai-compatible',
  label: { ja: 'OpenAI 互換（vLLM・Ollama・PLaMo・llama.cpp など）', en: 'OpenAI-compatible (vLLM, Ollama, PLaMo, llama.cpp, …)' },
  requiresBaseUrl: true,
  settingsSchema: z.strictObject({}),
  create(target, timeouts) {
    openAiCompatibleAdapter.settingsSchema.parse(target.settings);
    const baseUrl = baseUrlOf(target.baseUrl);
    const headers: Record<string, string> = target.credential ? { authorization: `Bearer ${target.credential}` } : {};
    return new SseModelClient(
      {
        request: (request) => ({ url: `${baseUrl}/chat/completions`, headers, body: chatCompletionBody(request, { model: target.upstreamModel }) }),
        read: readCompletionEvent,
        readWhole: readWholeCompletion,
      },
      timeouts,
      [target.credential],
    );
  },
};

/**
 * The body of a streamed Chat Completions request. `maxTokensField`: OpenAI's own models (and Azure's) take
 * `max_completion_tokens`; vLLM, Ollama and llama.cpp read `max_tokens`.
 */
export function chatCompletionBody(
  request: ChatRequest,
  { model, maxTokensField = 'max_tokens' }: { model?: string; maxTokensField?: 'max_tokens' | 'max_completion_tokens' },
): Record<string, unknown> {
  return {
    ...(model === undefined ? {} : { model }),
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    stream_options: { include_usage: true },
    ...generationOptions(request, { maxOutputTokens: maxTokensField, temperature: 'temperature', topP: 'top_p', stop: 'stop' }),
  };
}

/** One `chat.completion.chunk` event (or `[DONE]`). Azure's chunks with empty `choices` (filter results) carry nothing. */
export function readCompletionEvent(event: ServerSentEvent, call: UpstreamCall): StreamStep {
  if (event.data === '[DONE]') return { end: true };
  const chunk = call.json<CompletionChunk>(event.data);
  if (chunk.error) {
    const message = typeof chunk.error === 'string' ? chunk.error : chunk.error.message;
    throw call.badResponse(`the model reported an error mid-stream: ${message ?? 'unknown'}`);
  }
  const choice = chunk.choices?.[0];
  const reason = choice?.finish_reason ?? undefined;
  return {
    text: choice?.delta?.content ?? undefined,
    progressed: !!(choice?.delta?.reasoning_content || choice?.delta?.reasoning),
    finished: !!reason,
    filtered: reason === 'content_filter' ? reason : undefined,
    ...usageOf(chunk.usage),
  };
}

/** A server that ignored `stream: true` and sent one `chat.completion`. */
function readWholeCompletion(body: unknown, call: UpstreamCall): StreamStep {
  const completion = body as { choices?: { message?: { content?: string | null } }[]; usage?: Usage };
  const text = completion.choices?.[0]?.message?.content;
  if (typeof text !== 'string') throw call.badResponse('the answer has no message content');
  return { text, finished: true, ...usageOf(completion.usage) };
}

function usageOf(usage: Usage | undefined): Pick<StreamStep, 'inputTokens' | 'outputTokens'> {
  return usage ? { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 } : {};
}
