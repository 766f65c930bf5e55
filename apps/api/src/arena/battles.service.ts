import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BattlePageView, BattleView, ListBattlesQuery, Locale, VoteBattleRequest } from '@gennai/contracts';
import { type DataSource, LessThan } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiException } from '../http/api.exception';
import { type Caller, ownedBy } from '../identity/caller';
import { MODEL_LABELS, type ModelLabels } from '../usage/usage-report.service';
import { Battle } from './battle.entity';
import { toBattleView } from './battle.view';
import { DailyBattleLimit } from './daily-battle-limit';

/**
 * A user's own battles: reading them, and the vote. Every read goes through `ownedBy`: another user's battle — in
 * the same organisation or another — answers exactly like an id that does not exist.
 */
@Injectable()
export class BattlesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // The names reports use, so a revealed demo model (npm start) says so, as on the leaderboard.
    @Inject(MODEL_LABELS) private readonly modelLabels: ModelLabels,
    private readonly limit: DailyBattleLimit,
  ) {}

  async detail(caller: Caller, id: string, locale: Locale): Promise<BattleView> {
    return this.view(await this.owned(caller, id), locale);
  }

  async list(caller: Caller, query: ListBattlesQuery, locale: Locale): Promise<BattlePageView> {
    const rows = await this.dataSource.getRepository(Battle).find({
      where: { ...ownedBy(caller), ...(query.before && { id: LessThan(query.before) }) },
      // Ids are UUIDv7: ordered by creation time.
      order: { id: 'DESC' },
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const items = await Promise.all(page.map(async (battle) => this.view(await this.settleIfStale(battle), locale)));
    return { items, nextBefore: rows.length > query.limit ? page[page.length - 1].id : null, allowance: await this.limit.allowance(caller) };
  }

  /**
   * Records the vote once. The UPDATE itself is the check (`winner IS NULL AND status = 'awaiting_vote'`), so two
   * concurrent votes cannot both land; when it changes nothing, the row says why. The trigger on `battles` refuses
   * any later change of a vote, whoever tries.
   */
  async vote(caller: Caller, id: string, request: VoteBattleRequest, locale: Locale): Promise<BattleView> {
    const owned = await this.settleIfStale(await this.owned(caller, id));
    const votedAt = new Date();
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Battle)
      .set({ winner: request.winner, votedAt, status: 'voted' })
      .where({ id: owned.id, ...ownedBy(caller) })
      .andWhere(`winner IS NULL AND status = 'awaiting_vote'`)
      .execute();
    if (!result.affected) {
      const current = await this.owned(caller, id);
      if (current.status === 'streaming') throw new ApiException(409, 'battle_not_finished');
      if (current.status === 'failed') throw new ApiException(409, 'battle_failed');
      throw new ApiException(409, 'battle_already_voted');
    }
    return this.view(await this.owned(caller, id), locale);
  }

  private async owned(caller: Caller, id: string): Promise<Battle> {
    const battle = await this.dataSource.getRepository(Battle).findOneBy({ id, ...ownedBy(caller) });
    if (!battle) throw ApiException.notFound('battle');
    return battle;
  }

  /**
   * A battle still `streaming` long after any answer could have ended was left behind by a stopped process: it ends
   * `failed` (interrupted), as the stream itself would have ended it.
   */
  private async settleIfStale(battle: Battle): Promise<Battle> {
    if (battle.status !== 'streaming') return battle;
    const { timeouts, retry } = this.config.gateway;
    const staleBefore = Date.now() - timeouts.totalMs * retry.maxAttempts - 30_000;
    if (battle.createdAt.getTime() > staleBefore) return battle;
    const pending = (status: Battle['statusA']) => (status === 'pending' ? { status: 'failed' as const, error: 'interrupted' } : null);
    const a = pending(battle.statusA);
    const b = pending(battle.statusB);
    const settled = {
      status: 'failed' as const,
      completedAt: new Date(),
      ...(a && { statusA: a.status, errorA: a.error }),
      ...(b && { statusB: b.status, errorB: b.error }),
    };
    await this.dataSource.getRepository(Battle).update({ id: battle.id, status: 'streaming' }, settled);
    return Object.assign(battle, settled);
  }

  private view(battle: Battle, locale: Locale): BattleView {
    return toBattleView(battle, locale, this.modelLabels);
  }
}
