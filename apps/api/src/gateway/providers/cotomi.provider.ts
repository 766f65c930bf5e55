import { z } from 'zod';
import type { ChatRequest } from '../model-client';
import { SseModelClient } from './http-stream';
import type { ProviderAdapter } from './provider-adapter';
import { baseUrlOf, generationOptions, type StreamStep, type UpstreamCall } from './upstream-call';

export const COTOMI_DEFAULT_BASE_URL = 'https://api.cotomi.nec-cloud.com/cotomi-api/v1';
/** The `x-nec-cotomi-client-id` sent when the provider's settings name none. */
export const COTOMI_DEFAULT_CLIENT_ID = 'gennai';

const settingsSchema = z.strictObject({
  /** `x-nec-cotomi-client-id`: who calls, for cotomi's own access control (NEC recommends a UUID v4). */
  clientId: z.string().min(1).max(200).optional(),
  /** Characters per streamed piece (cotomi's `streamNum`, 1–1000; cotomi's default is 10). */
  streamNum: z.number().int().min(1).max(1000).optional(),
});

/**
 * NEC cotomi's own chat API (一般対話API, https://docs.cotomi.nec-cloud.com/cotomi-api.html):
 * `POST {baseUrl}/chat` (default https://api.cotomi.nec-cloud.com/cotomi-api/v1), `Authorization: Bearer <key>`,
 * `x-nec-cotomi-client-id`, body `{ userContent, systemContent, historyId, oneshot, model, stream, streamNum,
 * maxTokens, temperature }`.
 *
 * History: cotomi can keep a conversation itself (`historyId`), but Gennai already keeps it, routes one
 * conversation over several deployments and may edit or retry turns — so every request is one-shot
 * (`oneshot: true`, `historyId: "new"`: nothing is stored at NEC) and carries the conversation: the system turns and
 * a transcript of the earlier turns go into `systemContent`, the last user turn is `userContent`.
 *
 * Options: `maxOutputTokens` → `maxTokens`, `temperature` → `temperature`. cotomi documents no top-p or stop
 * sequences, so `topP` and `stop` are not sent.
 *
 * Stream (assumption): the public reference documents the request but not the streamed body. This follows NEC's
 * published sample client: server-sent events whose `data:` is JSON `{"answer": "<next piece>"}` (pieces are
 * deltas, `streamNum` characters each), `{"error": "…"}` for a failure mid-stream, and an event named `done` at the
 * end. cotomi reports no token counts, so the gateway estimates usage. A JSON answer `{ "answer": … }` (stream
 * ignored) is accepted too.
 */
export const cotomiAdapter: ProviderAdapter = {
  type: 'cotomi',
  label: { ja: 'NEC cotomi API', en: 'NEC cotomi API' },
  requiresBaseUrl: false,
  settingsSchema,
  create(target, timeouts) {
    const settings = settingsSchema.parse(target.settings);
    const url = `${baseUrlOf(target.baseUrl, COTOMI_DEFAULT_BASE_URL)}/chat`;
    const headers: Record<string, string> = {
      'x-nec-cotomi-client-id': settings.clientId ?? COTOMI_DEFAULT_CLIENT_ID,
      ...(target.credential ? { authorization: `Bearer ${target.credential}` } : {}),
    };
    return new SseModelClient(
      {
        request: (request) => ({
          url,
          headers,
          body: {
            ...cotomiPrompt(request.messages),
            historyId: 'new',
            oneshot: true,
            model: target.upstreamModel,
            stream: true,
            ...(settings.streamNum === undefined ? {} : { streamNum: settings.streamNum }),
            ...generationOptions(request, { maxOutputTokens: 'maxTokens', temperature: 'temperature' }),
          },
        }),
        read: readCotomiEvent,
        readWhole: (body, call) => {
          const step = answerOf(body, call);
          if (step.text === undefined) throw call.badResponse('the answer has no text');
          return { ...step, finished: true };
        },
      },
      timeouts,
      [target.credential],
    );
  },
};

const SPEAKERS = { user: 'ユーザー', assistant: 'アシスタント' } as const;

/**
 * A conversation as one cotomi prompt: `userContent` is the last user turn; `systemContent` the system turns, then
 * the earlier turns as a transcript. Turns after the last user turn (none in a normal chat) are left out.
 */
export function cotomiPrompt(messages: ChatRequest['messages']): { userContent: string; systemContent?: string } {
  const system = messages.filter((turn) => turn.role === 'system').map((turn) => turn.content);
  const dialogue = messages.filter((turn) => turn.role !== 'system');
  const last = dialogue.map((turn) => turn.role).lastIndexOf('user');
  const earlier = dialogue.slice(0, Math.max(last, 0));
  if (earlier.length) {
    const transcript = earlier.map((turn) => `[${SPEAKERS[turn.role as 'user' | 'assistant']}]\n${turn.content}`).join('\n\n');
    system.push(`以下はこれまでの会話です。これを踏まえて、最後のユーザーの発言に答えてください。\n\n${transcript}`);
  }
  return {
    userContent: last === -1 ? '' : dialogue[last].content,
    ...(system.length ? { systemContent: system.join('\n\n') } : {}),
  };
}

/** Events without `answer` (none known) are skipped, as NEC's sample client does. */
function readCotomiEvent(event: { event: string; data: string }, call: UpstreamCall): StreamStep | undefined {
  if (event.event === 'done') return { end: true };
  if (event.event !== 'message') return undefined;
  return answerOf(call.json(event.data), call);
}

function answerOf(body: unknown, call: UpstreamCall): StreamStep {
  const data = body as { answer?: unknown; error?: unknown };
  if (data.error !== undefined) {
    const message = typeof data.error === 'string' ? data.error : JSON.stringify(data.error);
    throw call.badResponse(`the model reported an error: ${message}`);
  }
  return { text: typeof data.answer === 'string' ? data.answer : undefined };
}
