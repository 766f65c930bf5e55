import { Global, Module } from '@nestjs/common';
import { OrganizationScope } from './organization-scope';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';

/** The organisation tree and the one scope mechanism every organisation-scoped query uses. Global for that reason. */
@Global()
@Module({
  controllers: [OrganizationsController],
  providers: [OrganizationsService, OrganizationScope],
  exports: [OrganizationsService, OrganizationScope],
})
export class OrganizationsModule {}
