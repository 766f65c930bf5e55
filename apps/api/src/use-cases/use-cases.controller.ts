import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { createUseCaseSchema, retireUseCaseSchema, updateUseCaseSchema, useCaseListQuerySchema, type UseCasePageView, type UseCaseView } from '@gennai/contracts';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { type CreateUseCaseInput, type RetireUseCaseInput, type UpdateUseCaseInput, type UseCaseListInput, UseCasesService } from './use-cases.service';

/**
 * The use-case register (docs/operator/use-cases.md): administrators keep their organisations' entries, auditors read
 * them. Outside the caller's organisations everything answers 404.
 */
@Controller('admin/use-cases')
export class UseCasesController {
  constructor(private readonly useCases: UseCasesService) {}

  @Roles('platform_admin', 'org_admin', 'auditor')
  @Get()
  list(@CurrentCaller() caller: Caller, @Query(new ZodValidationPipe(useCaseListQuerySchema)) query: UseCaseListInput): Promise<UseCasePageView> {
    return this.useCases.list(caller, query);
  }

  @Roles('platform_admin', 'org_admin')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body(new ZodValidationPipe(createUseCaseSchema)) body: CreateUseCaseInput): Promise<UseCaseView> {
    return this.useCases.create(caller, body);
  }

  @Roles('platform_admin', 'org_admin', 'auditor')
  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('use_case')) id: string): Promise<UseCaseView> {
    return this.useCases.get(caller, id);
  }

  @Roles('platform_admin', 'org_admin')
  @Patch(':id')
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('use_case')) id: string,
    @Body(new ZodValidationPipe(updateUseCaseSchema)) body: UpdateUseCaseInput,
  ): Promise<UseCaseView> {
    return this.useCases.update(caller, id, body);
  }

  /** No longer in use: kept in the register, read-only from then on. */
  @Roles('platform_admin', 'org_admin')
  @Post(':id/retire')
  @HttpCode(200)
  retire(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('use_case')) id: string,
    @Body(new ZodValidationPipe(retireUseCaseSchema)) body: RetireUseCaseInput,
  ): Promise<UseCaseView> {
    return this.useCases.retire(caller, id, body);
  }
}
