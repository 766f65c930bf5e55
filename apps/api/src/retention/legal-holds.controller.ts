import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { legalHoldListQuerySchema, type LegalHoldPageView, type LegalHoldView, placeLegalHoldSchema, releaseLegalHoldSchema } from '@gennai/contracts';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { type LegalHoldListInput, LegalHoldsService, type PlaceLegalHoldInput } from './legal-holds.service';

/**
 * Legal holds (docs/operator/retention.md): administrators place and release them for their organisations, auditors
 * read them. Outside the caller's organisations everything answers 404.
 */
@Controller('admin/legal-holds')
export class LegalHoldsController {
  constructor(private readonly holds: LegalHoldsService) {}

  @Roles('platform_admin', 'org_admin', 'auditor')
  @Get()
  list(@CurrentCaller() caller: Caller, @Query(new ZodValidationPipe(legalHoldListQuerySchema)) query: LegalHoldListInput): Promise<LegalHoldPageView> {
    return this.holds.list(caller, query);
  }

  @Roles('platform_admin', 'org_admin')
  @Post()
  place(@CurrentCaller() caller: Caller, @Body(new ZodValidationPipe(placeLegalHoldSchema)) body: PlaceLegalHoldInput): Promise<LegalHoldView> {
    return this.holds.place(caller, body);
  }

  @Roles('platform_admin', 'org_admin')
  @Post(':id/release')
  @HttpCode(200)
  release(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('legal_hold')) id: string,
    @Body(new ZodValidationPipe(releaseLegalHoldSchema)) _body: Record<string, never>,
  ): Promise<LegalHoldView> {
    return this.holds.release(caller, id);
  }
}
