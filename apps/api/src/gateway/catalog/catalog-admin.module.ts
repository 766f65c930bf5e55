import { Module } from '@nestjs/common';
import { CatalogAdminController } from './catalog-admin.controller';
import { ModelsAdminService } from './models-admin.service';
import { ProvidersAdminService } from './providers-admin.service';

/** Administration of the model catalogue (the live catalogue itself is in GatewayModule). */
@Module({
  controllers: [CatalogAdminController],
  providers: [ProvidersAdminService, ModelsAdminService],
})
export class CatalogAdminModule {}
