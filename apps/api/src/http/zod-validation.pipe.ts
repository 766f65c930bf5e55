import { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ApiException } from './api.exception';

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue): { field: string; kind: string; params?: Record<string, string | number> }[] {
  const field = issue.path.map(String).join('.') || '(body)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ field: [...issue.path.map(String), key].join('.'), kind: 'unknown_field' }));
    case 'too_small':
      return [{ field, kind: 'too_short' }];
    case 'too_big':
      return [{ field, kind: issue.origin === 'string' ? 'too_long' : 'out_of_range', params: { max: Number(issue.maximum) } }];
    case 'invalid_value':
      return [{ field, kind: 'invalid_value', params: { values: issue.values.map(String).join(', ') } }];
    case 'invalid_type':
      return [{ field, kind: issue.input === undefined ? 'required' : 'invalid_type', params: { expected: issue.expected } }];
    case 'invalid_format':
      return [{ field, kind: 'invalid_format' }];
    default:
      return [{ field, kind: 'invalid_format' }];
  }
}

/** Validates a body or query against a contracts schema; a failure names each bad field. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {}, { reportInput: true });
    if (result.success) return result.data;
    throw new ApiException(400, 'validation_failed', {}, result.error.issues.flatMap(describeIssue));
  }
}
