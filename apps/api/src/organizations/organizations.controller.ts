import { Controller, Get } from '@nestjs/common';
import type { OrganizationView } from '@gennai/contracts';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { OrganizationsService } from './organizations.service';

@Controller('admin/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /** All organisations for a platform_admin; only their own for an org_admin. */
  @Roles('platform_admin', 'org_admin')
  @Get()
  list(@CurrentCaller() caller: Caller): Promise<OrganizationView[]> {
    return this.organizations.list(caller);
  }
}
