import { type DynamicModule, Module } from '@nestjs/common';
import { GATEWAY_OPTIONS, type GatewayOptions, ModelCatalog } from './model-catalog';

/** The model gateway: which models exist and how to stream their answers. */
@Module({})
export class GatewayModule {
  static register(options: GatewayOptions): DynamicModule {
    return {
      module: GatewayModule,
      providers: [{ provide: GATEWAY_OPTIONS, useValue: options }, ModelCatalog],
      exports: [ModelCatalog],
    };
  }
}
