import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type BattlePair, pairKey } from './battle-pairing.policy';

/** How long the counts read from the database are trusted before they are read again. */
const FRESH_MS = 30_000;

/**
 * Battles so far per unordered pair of models, for the pairing policy. One grouped query (a row per pair that has met,
 * so at most n² rows for n models) kept for half a minute and shared by every caller on this replica; battles started
 * here are added as they start, so a burst within the window still spreads over the pairs. Other replicas' battles
 * show up at the next read. Every battle counts, failed ones too: the pair was shown to someone.
 */
@Injectable()
export class BattlePairCounts {
  private cached?: { readAt: number; counts: Map<string, number> };
  private reading?: Promise<Map<string, number>>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async current(): Promise<ReadonlyMap<string, number>> {
    if (this.cached && Date.now() - this.cached.readAt < FRESH_MS) return this.cached.counts;
    // Concurrent callers share one read.
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /** A battle between the pair has started here. */
  started(pair: BattlePair): void {
    const counts = this.cached?.counts;
    if (!counts) return;
    const key = pairKey(pair.a, pair.b);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  private async read(): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT LEAST(model_a, model_b) AS first, GREATEST(model_a, model_b) AS second, count(*)::int AS battles
         FROM battles GROUP BY 1, 2`,
    )) as { first: string; second: string; battles: number }[];
    const counts = new Map(rows.map((row) => [pairKey(row.first, row.second), row.battles]));
    this.cached = { readAt: Date.now(), counts };
    return counts;
  }
}
