import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  type CatalogModelView,
  catalogIdSchema,
  createModelSchema,
  createProviderSchema,
  type ProviderView,
  updateModelSchema,
  updateProviderSchema,
} from '@gennai/contracts';
import type { z } from 'zod';
import { ApiException } from '../../http/api.exception';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { Roles } from '../../identity/access.decorators';
import { type Caller, CurrentCaller } from '../../identity/caller';
import { ModelsAdminService } from './models-admin.service';
import { type ProviderTypeView, ProvidersAdminService } from './providers-admin.service';

/** A catalogue id in the URL; anything else cannot exist, so 404. */
class CatalogIdPipe {
  constructor(private readonly resource: 'provider' | 'model') {}
  transform(value: string): string {
    if (!catalogIdSchema.safeParse(value).success) throw ApiException.notFound(this.resource);
    return value;
  }
}

/** The model catalogue, for platform administrators: providers (credentials in, never out) and models. */
@Controller('admin')
export class CatalogAdminController {
  constructor(
    private readonly providers: ProvidersAdminService,
    private readonly models: ModelsAdminService,
  ) {}

  @Roles('platform_admin')
  @Get('provider-types')
  providerTypes(): ProviderTypeView[] {
    return this.providers.types();
  }

  @Roles('platform_admin')
  @Get('providers')
  listProviders(): Promise<ProviderView[]> {
    return this.providers.list();
  }

  @Roles('platform_admin')
  @Post('providers')
  createProvider(@CurrentCaller() caller: Caller, @Body(new ZodValidationPipe(createProviderSchema)) body: z.output<typeof createProviderSchema>): Promise<ProviderView> {
    return this.providers.create(caller, body);
  }

  @Roles('platform_admin')
  @Patch('providers/:id')
  updateProvider(
    @CurrentCaller() caller: Caller,
    @Param('id', new CatalogIdPipe('provider')) id: string,
    @Body(new ZodValidationPipe(updateProviderSchema)) body: z.output<typeof updateProviderSchema>,
  ): Promise<ProviderView> {
    return this.providers.update(caller, id, body);
  }

  @Roles('platform_admin')
  @Delete('providers/:id')
  @HttpCode(204)
  removeProvider(@CurrentCaller() caller: Caller, @Param('id', new CatalogIdPipe('provider')) id: string): Promise<void> {
    return this.providers.remove(caller, id);
  }

  @Roles('platform_admin')
  @Get('models')
  listModels(): Promise<CatalogModelView[]> {
    return this.models.list();
  }

  @Roles('platform_admin')
  @Post('models')
  createModel(@CurrentCaller() caller: Caller, @Body(new ZodValidationPipe(createModelSchema)) body: z.output<typeof createModelSchema>): Promise<CatalogModelView> {
    return this.models.create(caller, body);
  }

  @Roles('platform_admin')
  @Patch('models/:id')
  updateModel(
    @CurrentCaller() caller: Caller,
    @Param('id', new CatalogIdPipe('model')) id: string,
    @Body(new ZodValidationPipe(updateModelSchema)) body: z.output<typeof updateModelSchema>,
  ): Promise<CatalogModelView> {
    return this.models.update(caller, id, body);
  }

  @Roles('platform_admin')
  @Delete('models/:id')
  @HttpCode(204)
  removeModel(@CurrentCaller() caller: Caller, @Param('id', new CatalogIdPipe('model')) id: string): Promise<void> {
    return this.models.remove(caller, id);
  }
}
