import type { ArenaStreamEvent, ArenaStreamEventName, BattlePageView, BattleView, BattleWinner, CreateBattleRequest } from '@gennai/contracts';
import { api } from '../../shared/api-client';
import { openEventStream } from '../../shared/event-stream';

const EVENT_NAMES: ReadonlySet<ArenaStreamEventName> = new Set<ArenaStreamEventName>(['accepted', 'delta', 'side_done', 'side_failed', 'done', 'failed']);

/** The battles API. A refusal before the stream starts (daily limit, PII, too few models) is thrown as ApiError. */
export const arenaApi = {
  /** Both sides' deltas interleaved; leaving early cancels the stream, and the server aborts both models. */
  start: (request: CreateBattleRequest, signal: AbortSignal) => openEventStream<ArenaStreamEvent>('/api/arena/battles', request, EVENT_NAMES, signal),
  vote: (id: string, winner: BattleWinner) => api.post<BattleView>(`/api/arena/battles/${id}/vote`, { winner }),
  /** The latest battle and how many are left today. */
  recent: () => api.get<BattlePageView>('/api/arena/battles?limit=1'),
};
