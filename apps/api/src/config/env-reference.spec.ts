import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envVariables, renderConfigurationReference, renderEnvExample } from './env-reference';

const repoRoot = join(__dirname, '../../../..');

describe('configuration reference', () => {
  it('.env.example matches the configuration schema (run `npx nx run api:env-example` after changing it)', () => {
    if (process.env.GENNAI_WRITE_ENV_EXAMPLE === '1') writeFileSync(join(repoRoot, '.env.example'), renderEnvExample());
    expect(readFileSync(join(repoRoot, '.env.example'), 'utf8')).toBe(renderEnvExample());
  });

  it('the configuration reference in docs matches the schema (run `npx nx run api:env-example` after changing it)', () => {
    const file = join(repoRoot, 'docs/operator/configuration-reference.md');
    if (process.env.GENNAI_WRITE_ENV_EXAMPLE === '1') writeFileSync(file, renderConfigurationReference());
    expect(readFileSync(file, 'utf8')).toBe(renderConfigurationReference());
  });

  it('describes every variable, and the operator guides name each one', () => {
    const guides = ['configuration.md', 'configuration.en.md'].map((name) => readFileSync(join(repoRoot, 'docs/operator', name), 'utf8'));
    for (const variable of envVariables()) {
      expect(variable.description, variable.name).not.toBe('');
      for (const guide of guides) expect(guide, `docs/operator/configuration*.md lack ${variable.name}`).toContain(variable.name);
    }
  });

  it('marks the database URL as the one required variable', () => {
    expect(envVariables().filter((v) => v.required).map((v) => v.name)).toEqual(['DATABASE_URL']);
  });
});
