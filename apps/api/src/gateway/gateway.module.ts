import { Global, Module } from '@nestjs/common';
import { QuotasModule } from '../quotas/quotas.module';
import { UsageModule } from '../usage/usage.module';
import { ModelCatalog } from './catalog/model-catalog';
import { ModelGateway } from './model-gateway.service';

/** The model gateway: the live catalogue and the one way to call a model (policy, quota, routing, usage). */
@Global()
@Module({
  imports: [QuotasModule, UsageModule],
  providers: [ModelCatalog, ModelGateway],
  exports: [ModelCatalog, ModelGateway],
})
export class GatewayModule {}
