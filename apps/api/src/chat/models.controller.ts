import { Controller, Get } from '@nestjs/common';
import type { ModelView } from '@gennai/contracts';
import { ModelGateway } from '../gateway/model-gateway.service';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';

@Controller('models')
export class ModelsController {
  constructor(private readonly gateway: ModelGateway) {}

  /** The models the caller may chat with (by organisation and role); the demo model is flagged so the UI labels it. */
  @Roles('user')
  @Get()
  list(@CurrentCaller() caller: Caller): ModelView[] {
    return this.gateway.allowedModels(caller);
  }
}
