import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { type QuotaRuleInput, quotaRuleInputSchema, type QuotaRuleView, type QuotaStatusView } from '@gennai/contracts';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { QuotaRulesService } from './quota-rules.service';
import { QuotaService } from './quota.service';

@Controller()
export class QuotasController {
  constructor(
    private readonly quotas: QuotaService,
    private readonly rules: QuotaRulesService,
  ) {}

  /** What the caller may still use today and this month. */
  @Roles('user')
  @Get('me/quota')
  status(@CurrentCaller() caller: Caller): Promise<QuotaStatusView> {
    return this.quotas.status(caller);
  }

  @Roles('platform_admin', 'org_admin')
  @Get('admin/quotas')
  list(@CurrentCaller() caller: Caller): Promise<QuotaRuleView[]> {
    return this.rules.list(caller);
  }

  @Roles('platform_admin', 'org_admin')
  @Put('admin/quotas')
  put(@CurrentCaller() caller: Caller, @Body(new ZodValidationPipe(quotaRuleInputSchema)) body: QuotaRuleInput): Promise<QuotaRuleView> {
    return this.rules.put(caller, body);
  }

  @Roles('platform_admin', 'org_admin')
  @Delete('admin/quotas/:id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('quota_rule')) id: string): Promise<void> {
    return this.rules.remove(caller, id);
  }
}
