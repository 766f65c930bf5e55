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
    expect(config.gateway.models[0]).toMatchObject({ id: 'plamo', deployments: [{ model: 'plamo-2.0-prime', apiKey: 'secret', weight: 1 }] });
  });

  it('reads several weighted deployments of one model, each with its own key', () => {
    const models = JSON.stringify([
      {
        id: 'elyza',
        label: 'ELYZA',
        maxInformationClass: 3,
        deployments: [
          { baseUrl: 'http://vllm-a:8000/v1', model: 'elyza/Llama-3.1-ELYZA-JP-70B', weight: 3 },
          { baseUrl: 'http://vllm-b:8000/v1', model: 'elyza/Llama-3.1-ELYZA-JP-70B', apiKeyEnv: 'VLLM_B_KEY', weight: 1 },
        ],
      },
    ]);
    const config = loadConfig({ ...valid, GENNAI_MODELS: models, VLLM_B_KEY: 'b-secret' });
    expect(config.gateway.models[0]).toMatchObject({
      id: 'elyza',
      type: 'openai-compatible',
      maxInformationClass: 3,
      deployments: [
        { baseUrl: 'http://vllm-a:8000/v1', weight: 3, apiKey: undefined },
        { baseUrl: 'http://vllm-b:8000/v1', weight: 1, apiKey: 'b-secret' },
      ],
    });
  });

  it('refuses a model with both a single endpoint and deployments, and a fallback to an unknown model', () => {
    const both = JSON.stringify([{ id: 'x', label: 'x', baseUrl: 'http://a/v1', model: 'm', deployments: [{ baseUrl: 'http://b/v1', model: 'm' }] }]);
    expect(() => loadConfig({ ...valid, GENNAI_MODELS: both })).toThrow(/either "model"/);
    const fallback = JSON.stringify([{ id: 'x', label: 'x', baseUrl: 'http://a/v1', model: 'm', fallbackModelIds: ['nowhere'] }]);
    expect(() => loadConfig({ ...valid, GENNAI_MODELS: fallback })).toThrow(/unknown model "nowhere"/);
  });

  it('takes the encryption key only as 32 bytes of base64 and names the variable otherwise', () => {
    expect(() => loadConfig({ ...valid, GENNAI_SECRET_KEY: 'short' })).toThrow(/GENNAI_SECRET_KEY/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ ...valid, GENNAI_SECRET_KEY: key }).gateway.secretKey).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses an unknown quota time zone', () => {
    expect(() => loadConfig({ ...valid, GENNAI_QUOTA_TIME_ZONE: 'Mars/Olympus' })).toThrow(/GENNAI_QUOTA_TIME_ZONE/);
  });

  it('rejects duplicate model ids and the reserved ids of the demo models', () => {
    for (const id of ['demo', 'demo-brief']) {
      const models = JSON.stringify([{ id, label: 'x', baseUrl: 'http://localhost:1/v1', model: 'x' }]);
      expect(() => loadConfig({ ...valid, GENNAI_MODELS: models })).toThrow(`duplicate model id "${id}"`);
    }
  });

  it('keeps the demo models out of comparisons unless asked, and refuses them in production or without the demo model', () => {
    expect(loadConfig(valid).arena.demoModels).toBe(false);
    expect(loadConfig({ ...valid, GENNAI_ARENA_DEMO_MODELS: 'true' }).arena.demoModels).toBe(true);
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', GENNAI_ARENA_DEMO_MODELS: 'true' })).toThrow(/GENNAI_ARENA_DEMO_MODELS: .*NODE_ENV=production/);
    expect(() => loadConfig({ ...valid, GENNAI_DEMO_MODEL: 'false', GENNAI_ARENA_DEMO_MODELS: 'true' })).toThrow(/GENNAI_ARENA_DEMO_MODELS: needs the demo model/);
  });
});
