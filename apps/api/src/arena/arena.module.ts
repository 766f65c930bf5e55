import { Module } from '@nestjs/common';
import { PiiGuardModule } from '../pii-guard/pii-guard.module';
import { QuotasModule } from '../quotas/quotas.module';
import { ArenaController } from './arena.controller';
import { BattlePairCounts } from './battle-pair-counts';
import { BattleStart } from './battle-start.service';
import { BattleStream } from './battle-stream.service';
import { BattlesService } from './battles.service';
import { DailyBattleLimit } from './daily-battle-limit';

/**
 * Blind side-by-side comparisons (issue #5, item 2): battles, their pairing, the daily limit and the vote — from the
 * 比較 page, or from a program with a personal API key of scope `arena`.
 */
@Module({
  imports: [PiiGuardModule, QuotasModule],
  controllers: [ArenaController],
  providers: [BattleStart, BattleStream, BattlesService, BattlePairCounts, DailyBattleLimit],
})
export class ArenaModule {}
