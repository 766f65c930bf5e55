import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BattleAllowanceView } from '@gennai/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { QuotaCalendar } from '../quotas/quota-calendar';
import { ResetTimeFormat } from '../quotas/quota-refusal';

/**
 * GENNAI_ARENA_DAILY_BATTLES: how many battles a user may start per day, the day as quotas count it
 * (GENNAI_QUOTA_TIME_ZONE, Asia/Tokyo by default). Votes are the leaderboard's raw material, and one enthusiastic
 * user voting hundreds of times a day would weigh more than a whole section; the limit keeps the sample spread over
 * people. Every battle started counts, a failed one too (its models were called).
 */
@Injectable()
export class DailyBattleLimit {
  private readonly calendar: QuotaCalendar;
  private readonly resetTimes: ResetTimeFormat;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.calendar = new QuotaCalendar(config.gateway.quotaTimeZone);
    this.resetTimes = new ResetTimeFormat(config.gateway.quotaTimeZone);
  }

  async allowance(caller: Caller, manager: EntityManager = this.dataSource.manager): Promise<BattleAllowanceView> {
    const { day } = this.calendar.windowsAt(Date.now());
    const [row] = (await manager.query(`SELECT count(*)::int AS used FROM battles WHERE user_id = $1 AND created_at >= $2`, [
      caller.userId,
      this.calendar.startOf(day.start),
    ])) as { used: number }[];
    return { limit: this.config.arena.dailyBattles, usedToday: row.used };
  }

  /**
   * Throws 429 arena_daily_limit (with Retry-After) when the caller has no battle left today. Inside a transaction
   * that holds the caller's battle lock (see BattleStart), the count cannot change before the new battle is inserted.
   */
  async assertRemaining(caller: Caller, manager?: EntityManager): Promise<BattleAllowanceView> {
    const allowance = await this.allowance(caller, manager);
    if (allowance.usedToday < allowance.limit) return allowance;
    const now = Date.now();
    const resetsAt = this.calendar.windowsAt(now).day.resetsAt;
    throw new ApiException(
      429,
      'arena_daily_limit',
      { limit: allowance.limit, resetsAt: this.resetTimes.format(resetsAt) },
      undefined,
      { 'Retry-After': String(Math.max(1, Math.ceil((resetsAt.getTime() - now) / 1000))) },
    );
  }
}
