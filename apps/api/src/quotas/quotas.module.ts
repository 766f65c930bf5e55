import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { QuotaRulesService } from './quota-rules.service';
import { QuotaService } from './quota.service';
import { QuotasController } from './quotas.controller';
import { RateLimiter } from './rate-limiter';

/** Quotas (exact, shared by all replicas) and rate limits (per replica), with their admin API. */
@Module({
  imports: [OrganizationsModule],
  controllers: [QuotasController],
  providers: [QuotaService, QuotaRulesService, { provide: RateLimiter, useFactory: () => new RateLimiter() }],
  exports: [QuotaService, RateLimiter],
})
export class QuotasModule {}
