import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { createApiKeySchema, type ApiKeyView, type CreatedApiKeyView } from '@gennai/contracts';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { ApiKeysService, type CreateApiKeyInput } from './api-keys.service';

/** The signed-in user's personal API keys (managed with a Keycloak sign-in only, never with a key). */
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Roles('user')
  @Get()
  list(@CurrentCaller() caller: Caller): Promise<ApiKeyView[]> {
    return this.apiKeys.list(caller);
  }

  /** The answer carries the secret: the only time it is shown. */
  @Roles('user')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body(new ZodValidationPipe(createApiKeySchema)) body: CreateApiKeyInput): Promise<CreatedApiKeyView> {
    return this.apiKeys.create(caller, body);
  }

  @Roles('user')
  @Delete(':id')
  @HttpCode(204)
  async revoke(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('api_key')) id: string): Promise<void> {
    await this.apiKeys.revoke(caller, id);
  }
}
