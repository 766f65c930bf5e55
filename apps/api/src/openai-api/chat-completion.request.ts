import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import type { ChatRequest, ChatTurn } from '../gateway/model-client';
import { ApiException } from '../http/api.exception';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

/** Marks a refinement whose failure means "Gennai does not support this", answered as unsupported_parameter. */
const UNSUPPORTED = { params: { unsupported: true } };

/** A parameter Gennai cannot honour: accepted only when absent or null. */
const refused = () => z.unknown().refine((value) => value === undefined || value === null, UNSUPPORTED).optional();

const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });
/** Only text parts: images, audio and files are refused by name (`messages[0].content[1].type`). */
const contentPart = z
  .looseObject({ type: z.string() })
  .refine((part) => part.type === 'text', { ...UNSUPPORTED, path: ['type'], abort: true })
  .pipe(textPart);

const MESSAGE_ROLES = ['system', 'developer', 'user', 'assistant'] as const;

const messageSchema = z.strictObject({
  role: z
    .string()
    .refine((role) => role !== 'tool' && role !== 'function', { ...UNSUPPORTED, abort: true })
    .pipe(z.enum(MESSAGE_ROLES)),
  /** A string or an array of text parts; an assistant turn may have null content. */
  content: z.preprocess(
    (value) => (typeof value === 'string' ? [{ type: 'text', text: value }] : value === null ? [] : value),
    z.array(contentPart).max(1000),
  ),
  // Accepted and ignored: a participant's name and an assistant's earlier refusal change nothing Gennai sends.
  name: z.string().max(256).nullish(),
  refusal: z.string().nullish(),
  // Tool and audio turns are not supported.
  tool_calls: refused(),
  tool_call_id: refused(),
  function_call: refused(),
  audio: refused(),
});

/**
 * The body of POST /v1/chat/completions: OpenAI's Chat Completions request, restricted to what Gennai can honour.
 * Parameters that do not change the answer's meaning are accepted and ignored (listed below); parameters Gennai
 * cannot honour (tools, structured output, logprobs, audio, n > 1, …) and unknown ones are refused by name.
 */
export const chatCompletionRequestSchema = z.strictObject({
  model: z.string().min(1).max(200),
  messages: z.array(messageSchema).min(1).max(2000),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(z.string().min(1).max(500)).max(4)).nullish(),
  n: z
    .number()
    .int()
    .nullish()
    .refine((n) => n === undefined || n === null || n === 1, UNSUPPORTED)
    .optional(),
  logprobs: z
    .boolean()
    .nullish()
    .refine((value) => value !== true, UNSUPPORTED)
    .optional(),
  // Accepted and ignored: sampling penalties, seeds and biases (not every provider has them; the answer stays an
  // answer), and labels meant for OpenAI's own storage, abuse monitoring or caching.
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  user: z.string().max(256).nullish(),
  safety_identifier: z.string().max(256).nullish(),
  prompt_cache_key: z.string().max(256).nullish(),
  store: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  service_tier: z.string().max(32).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  // Refused unless they ask for what Gennai does anyway (plain text, no tools).
  response_format: z
    .unknown()
    .refine((value) => value === undefined || value === null || (typeof value === 'object' && (value as { type?: unknown }).type === 'text'), UNSUPPORTED)
    .optional(),
  modalities: z
    .unknown()
    .refine((value) => value === undefined || value === null || (Array.isArray(value) && value.every((m) => m === 'text')), UNSUPPORTED)
    .optional(),
  tool_choice: z.unknown().refine((value) => value === undefined || value === null || value === 'none', UNSUPPORTED).optional(),
  function_call: z.unknown().refine((value) => value === undefined || value === null || value === 'none', UNSUPPORTED).optional(),
  tools: refused(),
  functions: refused(),
  top_logprobs: refused(),
  audio: refused(),
  prediction: refused(),
  web_search_options: refused(),
});
export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;

/** `messages[0].content[1].type`, the way OpenAI names a parameter. */
export function parameterName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), '');
}

/**
 * Validates a Chat Completions body. A parameter Gennai does not support (or does not know) is answered with
 * unsupported_parameter naming it; anything else wrong with validation_failed naming each field.
 */
export class ChatCompletionPipe implements PipeTransform<unknown, ChatCompletionRequest> {
  private readonly validation = new ZodValidationPipe(chatCompletionRequestSchema);

  transform(value: unknown): ChatCompletionRequest {
    const result = chatCompletionRequestSchema.safeParse(value ?? {});
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        throw new ApiException(400, 'unsupported_parameter', { param: parameterName([...issue.path, issue.keys[0]]) });
      }
      if (issue.code === 'custom' && issue.params?.unsupported) {
        throw new ApiException(400, 'unsupported_parameter', { param: parameterName(issue.path) });
      }
    }
    return this.validation.transform(value);
  }
}

/** The conversation as the gateway sends it: developer turns are system turns, text parts are joined. */
export function toChatTurns(request: ChatCompletionRequest): ChatTurn[] {
  return request.messages.map((message) => ({
    role: message.role === 'developer' ? 'system' : message.role,
    content: message.content.map((part) => part.text).join(''),
  }));
}

export function toChatOptions(request: ChatCompletionRequest): Pick<ChatRequest, 'maxOutputTokens' | 'temperature' | 'topP' | 'stop'> {
  const options = {
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens,
    temperature: request.temperature,
    topP: request.top_p,
    stop: request.stop,
  };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined && value !== null));
}
