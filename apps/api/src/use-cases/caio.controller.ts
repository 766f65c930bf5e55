import { Controller, Get, Query } from '@nestjs/common';
import { caioSummaryQuerySchema, type CaioSummaryView } from '@gennai/contracts';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { type CaioSummaryInput, CaioSummaryService } from './caio-summary.service';

/** The CAIO view: usage, use-case risk and PII-guard events per organisation in the caller's scope. */
@Controller('admin/caio')
export class CaioController {
  constructor(private readonly summaries: CaioSummaryService) {}

  @Roles('platform_admin', 'org_admin', 'auditor')
  @Get('summary')
  summary(@CurrentCaller() caller: Caller, @Query(new ZodValidationPipe(caioSummaryQuerySchema)) query: CaioSummaryInput): Promise<CaioSummaryView> {
    return this.summaries.summary(caller, query);
  }
}
