import { Module } from '@nestjs/common';
import { LegalHoldsController } from './legal-holds.controller';
import { LegalHoldsService } from './legal-holds.service';
import { RetentionScheduler } from './retention.scheduler';

/**
 * Retention and legal hold (docs/operator/retention.md): the scheduled retention job and the legal-hold admin API.
 * Uses the global organisation scope and audit log.
 */
@Module({
  controllers: [LegalHoldsController],
  providers: [LegalHoldsService, RetentionScheduler],
})
export class RetentionModule {}
