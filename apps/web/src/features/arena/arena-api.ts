import { SseParser, type ArenaStreamEvent, type ArenaStreamEventName, type BattlePageView, type BattleView, type BattleWinner, type CreateBattleRequest } from '@gennai/contracts';
import { api } from '../../shared/api-client';

const EVENT_NAMES: ReadonlySet<string> = new Set<ArenaStreamEventName>(['accepted', 'delta', 'side_done', 'side_failed', 'done', 'failed']);

/**
 * Reads the text/event-stream of a battle as it arrives (both sides' deltas interleaved). Bytes are decoded as a
 * stream, so a character or an event split across network chunks comes out whole; unknown events are skipped.
 */
export async function* readArenaStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ArenaStreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let finished = false;
  try {
    while (!finished) {
      const { done, value } = await reader.read();
      finished = done;
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (const raw of parser.push(text)) {
        if (EVENT_NAMES.has(raw.event)) yield { event: raw.event, data: JSON.parse(raw.data) } as ArenaStreamEvent;
      }
    }
  } finally {
    // Stopped early (the user left the page): the server aborts both models when nobody listens.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The battles API. A refusal before the stream starts (daily limit, PII, too few models) is thrown as ApiError. */
export const arenaApi = {
  async start(request: CreateBattleRequest, signal: AbortSignal): Promise<AsyncGenerator<ArenaStreamEvent>> {
    const response = await api.stream('/api/arena/battles', request, signal);
    if (!response.body) throw new Error('The battle stream has no body');
    return readArenaStream(response.body);
  },
  vote: (id: string, winner: BattleWinner) => api.post<BattleView>(`/api/arena/battles/${id}/vote`, { winner }),
  /** The latest battle and how many are left today. */
  recent: () => api.get<BattlePageView>('/api/arena/battles?limit=1'),
};
