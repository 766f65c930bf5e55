import { PipeTransform } from '@nestjs/common';
import { type ResourceName, uuidSchema } from '@gennai/contracts';
import { ApiException } from './api.exception';

/** A route id that is not a UUID names nothing: answer 404 for it, as for someone else's id. */
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly resource: ResourceName) {}

  transform(value: string): string {
    if (!uuidSchema.safeParse(value).success) throw ApiException.notFound(this.resource);
    return value.toLowerCase();
  }
}
