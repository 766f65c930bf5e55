import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  createOrganizationSchema,
  organizationMembersQuerySchema,
  updateOrganizationSchema,
  type OrganizationMemberView,
  type OrganizationModelView,
  type OrganizationNodeView,
} from '@gennai/contracts';
import type { z } from 'zod';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { OrganizationsService } from './organizations.service';

/** The organisation tree (docs/operator/organizations.md). Outside the caller's scope everything answers 404. */
@Controller('admin/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /** Every organisation and unit for a platform_admin; an org_admin's organisation (and those under it) otherwise. */
  @Roles('platform_admin', 'org_admin')
  @Get()
  list(@CurrentCaller() caller: Caller): Promise<OrganizationNodeView[]> {
    return this.organizations.list(caller);
  }

  @Roles('platform_admin')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body(new ZodValidationPipe(createOrganizationSchema)) body: z.output<typeof createOrganizationSchema>): Promise<OrganizationNodeView> {
    return this.organizations.create(caller, body);
  }

  @Roles('platform_admin', 'org_admin')
  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('organization')) id: string): Promise<OrganizationNodeView> {
    return this.organizations.get(caller, id);
  }

  /** Name, parent and vendor link: platform_admin only. Settings: the organisation's administrators. */
  @Roles('platform_admin', 'org_admin')
  @Patch(':id')
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('organization')) id: string,
    @Body(new ZodValidationPipe(updateOrganizationSchema)) body: z.output<typeof updateOrganizationSchema>,
  ): Promise<OrganizationNodeView> {
    return this.organizations.update(caller, id, body);
  }

  @Roles('platform_admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('organization')) id: string): Promise<void> {
    return this.organizations.remove(caller, id);
  }

  @Roles('platform_admin', 'org_admin')
  @Get(':id/members')
  members(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('organization')) id: string,
    @Query(new ZodValidationPipe(organizationMembersQuerySchema)) query: z.output<typeof organizationMembersQuerySchema>,
  ): Promise<OrganizationMemberView[]> {
    return this.organizations.members(caller, id, query);
  }

  @Roles('platform_admin', 'org_admin')
  @Get(':id/models')
  models(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('organization')) id: string): Promise<OrganizationModelView[]> {
    return this.organizations.models(caller, id);
  }
}
