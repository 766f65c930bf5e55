import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envVariables, renderEnvExample } from './env-reference';

const repoRoot = join(__dirname, '../../../..');

describe('configuration reference', () => {
  it('.env.example matches the configuration schema (run `npx nx run api:env-example` after changing it)', () => {
    if (process.env.GENNAI_WRITE_ENV_EXAMPLE === '1') writeFileSync(join(repoRoot, '.env.example'), renderEnvExample());
    expect(readFileSync(join(repoRoot, '.env.example'), 'utf8')).toBe(renderEnvExample());
  });

  it('documents every variable, and the operator docs name each one', () => {
    const docs = readFileSync(join(repoRoot, 'docs/operator/configuration.md'), 'utf8');
    for (const variable of envVariables()) {
      expect(variable.description, variable.name).not.toBe('');
      expect(docs, `docs/operator/configuration.md lacks ${variable.name}`).toContain(variable.name);
    }
  });

  it('marks the database URL as the one required variable', () => {
    expect(envVariables().filter((v) => v.required).map((v) => v.name)).toEqual(['DATABASE_URL']);
  });
});
