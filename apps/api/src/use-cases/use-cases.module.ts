import { Module } from '@nestjs/common';
import { CaioController } from './caio.controller';
import { CaioSummaryService } from './caio-summary.service';
import { UseCasesController } from './use-cases.controller';
import { UseCasesService } from './use-cases.service';

/**
 * The DS-920 use-case register and the CAIO view (docs/operator/use-cases.md). Uses the global organisation scope,
 * audit log and model catalogue.
 */
@Module({
  controllers: [UseCasesController, CaioController],
  providers: [UseCasesService, CaioSummaryService],
})
export class UseCasesModule {}
