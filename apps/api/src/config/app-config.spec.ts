import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

const valid = { DATABASE_URL: 'postgres://u:p@localhost:5432/gennai', KEYCLOAK_URL: 'https://id.example.go.jp/' };

describe('loadConfig', () => {
  it('accepts a minimal production configuration and applies defaults', () => {
    const config = loadConfig({ ...valid, NODE_ENV: 'production' });
    expect(config.identity.url).toBe('https://id.example.go.jp');
    expect(config.identity.realm).toBe('gennai');
    expect(config.port).toBe(3000);
    expect(config.chat.maxMessageChars).toBe(32000);
  });

  it('names every bad variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', GENNAI_MODELS: '{not json' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['DATABASE_URL', 'PORT', 'GENNAI_MODELS', 'KEYCLOAK_URL']) expect(message).toContain(name);
  });

  it('refuses the development identity provider in production', () => {
    expect(() => loadConfig({ DATABASE_URL: valid.DATABASE_URL, NODE_ENV: 'production', GENNAI_DEV_IDENTITY: 'true' })).toThrow(
      /GENNAI_DEV_IDENTITY/,
    );
  });

  it('reads model API keys from the variable each model names, and requires it', () => {
    const models = JSON.stringify([{ id: 'plamo', label: 'PLaMo', baseUrl: 'https://api.example.jp/v1', model: 'plamo-2.0-prime', apiKeyEnv: 'PLAMO_API_KEY' }]);
    expect(() => loadConfig({ ...valid, GENNAI_MODELS: models })).toThrow(/PLAMO_API_KEY/);
    const config = loadConfig({ ...valid, GENNAI_MODELS: models, PLAMO_API_KEY: 'secret' });
    expect(config.gateway.models[0]).toMatchObject({ id: 'plamo', apiKey: 'secret' });
  });

  it('rejects duplicate model ids and the reserved id of the demo model', () => {
    const models = JSON.stringify([{ id: 'demo', label: 'x', baseUrl: 'http://localhost:1/v1', model: 'x' }]);
    expect(() => loadConfig({ ...valid, GENNAI_MODELS: models })).toThrow(/duplicate model id "demo"/);
  });
});
