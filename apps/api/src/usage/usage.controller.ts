import { Controller, Get, Query } from '@nestjs/common';
import { usageQuerySchema, type UsageReportView } from '@gennai/contracts';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { type UsageReportQuery, UsageReportService } from './usage-report.service';

@Controller('admin/usage')
export class UsageController {
  constructor(private readonly reports: UsageReportService) {}

  /** Usage by organisation, model or day: every organisation for a platform_admin, their own for an org_admin. */
  @Roles('platform_admin', 'org_admin')
  @Get()
  report(@CurrentCaller() caller: Caller, @Query(new ZodValidationPipe(usageQuerySchema)) query: UsageReportQuery): Promise<UsageReportView> {
    return this.reports.report(caller, query);
  }
}
