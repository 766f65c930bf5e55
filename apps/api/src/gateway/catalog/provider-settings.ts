import type { z } from 'zod';
import { ApiException } from '../../http/api.exception';
import type { ProviderAdapter } from '../providers';

type Settings = Record<string, string | number | boolean>;

/**
 * A provider's type-specific settings checked against its adapter's schema: the validated settings, or a 400 that
 * names each bad key (`settings.region`). Settings typed into a form arrive as text, so a number or boolean setting
 * also accepts its spelling ("10", "true").
 */
export function providerSettings(adapter: Pick<ProviderAdapter, 'settingsSchema'>, settings: Settings): Settings {
  const result = parseLeniently(adapter.settingsSchema, settings);
  if (!result.success) {
    throw new ApiException(400, 'validation_failed', {}, result.error.issues.flatMap((issue) => describe(issue, settings)));
  }
  return Object.fromEntries(Object.entries(result.data).filter(([, value]) => value !== undefined)) as Settings;
}

function parseLeniently(schema: ProviderAdapter['settingsSchema'], settings: Settings) {
  const first = schema.safeParse(settings);
  if (first.success) return first;
  const coerced = { ...settings };
  for (const issue of first.error.issues) {
    if (issue.code !== 'invalid_type' || issue.path.length !== 1) continue;
    const key = String(issue.path[0]);
    const text = settings[key];
    if (typeof text !== 'string') continue;
    if (issue.expected === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) coerced[key] = Number(text);
    else if (issue.expected === 'boolean' && (text === 'true' || text === 'false')) coerced[key] = text === 'true';
  }
  return schema.safeParse(coerced);
}

function describe(issue: z.core.$ZodIssue, settings: Settings): { field: string; kind: string }[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: `settings.${key}`, kind: 'unknown_field' }));
  const field = ['settings', ...issue.path.map(String)].join('.');
  const missing = issue.code === 'invalid_type' && settings[String(issue.path[0])] === undefined;
  return [{ field, kind: missing ? 'required' : 'invalid_format' }];
}
