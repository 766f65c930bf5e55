import { Controller, Get } from '@nestjs/common';
import type { ModelView } from '@gennai/contracts';
import { ModelCatalog } from '../gateway/model-catalog';
import { Roles } from '../identity/access.decorators';

@Controller('models')
export class ModelsController {
  constructor(private readonly catalog: ModelCatalog) {}

  /** The models the caller may chat with; the demo model is flagged so the UI labels it. */
  @Roles('user')
  @Get()
  list(): ModelView[] {
    return this.catalog.list();
  }
}
