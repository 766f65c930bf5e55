import { Module } from '@nestjs/common';
import { GatewayModule } from '../gateway/gateway.module';
import { EvaluationReportController } from './evaluation-report.controller';
import { EvaluationReportService } from './evaluation-report.service';

/** The published evaluation report and its raw-data bundle (/api/evaluation/reports). */
@Module({
  // The catalogue's model names, for the bundle's labels.
  imports: [GatewayModule],
  controllers: [EvaluationReportController],
  providers: [EvaluationReportService],
})
export class EvaluationReportModule {}
