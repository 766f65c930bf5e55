import { Global, Module } from '@nestjs/common';
import { QuotasModule } from '../quotas/quotas.module';
import { MODEL_LABELS } from '../usage/usage-report.service';
import { UsageModule } from '../usage/usage.module';
import { reportLabel } from './catalog/catalog-entry';
import { ModelCatalog } from './catalog/model-catalog';
import { ModelGateway } from './model-gateway.service';

/** The model gateway: the live catalogue and the one way to call a model (policy, quota, routing, usage). */
@Global()
@Module({
  imports: [QuotasModule, UsageModule],
  providers: [
    ModelCatalog,
    ModelGateway,
    // Reports and the leaderboard name models as users know them, demo models marked as such.
    {
      provide: MODEL_LABELS,
      useFactory: (catalog: ModelCatalog) => (id: string) => {
        const entry = catalog.get(id);
        return entry && reportLabel(entry);
      },
      inject: [ModelCatalog],
    },
  ],
  exports: [ModelCatalog, ModelGateway, MODEL_LABELS],
})
export class GatewayModule {}
