import type { UsageApp } from '@gennai/contracts';
import type { Caller } from '../identity/caller';

/** Where a battle was started: the 比較 page (`arena`), or a program holding a personal API key (`api`). */
export type BattleApp = Extract<UsageApp, 'arena' | 'api'>;

/**
 * A battle a program started is `api` everywhere it is recorded — the battle row, both usage records and the audit
 * entries — so the leaderboard and the analytics can tell votes given on the page from votes a program relayed.
 */
export function battleAppOf(caller: Caller): BattleApp {
  return caller.apiKey ? 'api' : 'arena';
}
