import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectedAnswer,
  startOpenAiTestServer,
  type OpenAiTestServer,
} from '../../../../tools/testing/openai-test-server.mjs';
import { GatewayModule } from './gateway.module';
import { ModelCatalog, type GatewayOptions } from './model-catalog';
import type { ChatChunk } from './model-provider';
import { UpstreamError } from './upstream.error';

async function catalogFor(options: GatewayOptions) {
  const moduleRef = await Test.createTestingModule({ imports: [GatewayModule.register(options)] }).compile();
  return moduleRef.get(ModelCatalog);
}

async function answerText(stream: AsyncIterable<ChatChunk>) {
  let text = '';
  for await (const chunk of stream) if (chunk.type === 'delta') text += chunk.text;
  return text;
}

describe('ModelCatalog (through GatewayModule)', () => {
  let server: OpenAiTestServer;
  let options: GatewayOptions;

  beforeAll(async () => {
    server = await startOpenAiTestServer({ apiKey: 'sk-catalog' });
    options = {
      demoModel: true,
      demoChunkDelayMs: 0,
      upstreamTimeoutMs: 5_000,
      models: [
        { id: 'plamo', label: 'PLaMo 2.0 Prime', baseUrl: server.baseUrl, model: 'test-model', apiKey: 'sk-catalog' },
        { id: 'busy', label: 'Busy model', baseUrl: server.baseUrl, model: 'test-429', apiKey: 'sk-catalog' },
      ],
    };
  });
  afterAll(() => server?.close());

  it('lists the configured models in order, then the demo model, with nothing secret in them', async () => {
    const catalog = await catalogFor(options);
    expect(catalog.list()).toEqual([
      { id: 'plamo', label: 'PLaMo 2.0 Prime', provider: 'openai-compatible', demo: false },
      { id: 'busy', label: 'Busy model', provider: 'openai-compatible', demo: false },
      { id: 'demo', label: 'オフライン練習用モデル', provider: 'demo', demo: true },
    ]);
    expect(JSON.stringify(catalog.list())).not.toMatch(/sk-catalog|127\.0\.0\.1/);
  });

  it('offers no demo model when it is switched off', async () => {
    const catalog = await catalogFor({ ...options, demoModel: false });
    expect(catalog.find('demo')).toBeUndefined();
    expect(catalog.list().map((m) => m.id)).toEqual(['plamo', 'busy']);
  });

  it('finds a model by id and nothing for an unknown id', async () => {
    const catalog = await catalogFor(options);
    expect(catalog.find('plamo')).toMatchObject({ label: 'PLaMo 2.0 Prime' });
    expect(catalog.find('gpt-unknown')).toBeUndefined();
  });

  it('streams an answer from a configured model', async () => {
    const catalog = await catalogFor(options);
    const text = await answerText(catalog.stream('plamo', [{ role: 'user', content: '今日の予定は？' }], new AbortController().signal));
    expect(text).toBe(expectedAnswer('今日の予定は？'));
  });

  it('streams an answer from the demo model without any network', async () => {
    const catalog = await catalogFor({ ...options, models: [] });
    const text = await answerText(catalog.stream('demo', [{ role: 'user', content: 'テスト' }], new AbortController().signal));
    expect(text).toContain('「テスト」');
    expect(text).toContain('デモモデル');
  });

  it("passes on the upstream's failure as an UpstreamError", async () => {
    const catalog = await catalogFor(options);
    const failure = answerText(catalog.stream('busy', [{ role: 'user', content: 'x' }], new AbortController().signal));
    await expect(failure).rejects.toBeInstanceOf(UpstreamError);
    await expect(failure).rejects.toMatchObject({ code: 'upstream_rate_limited' });
  });

  it('refuses to stream from an unknown model', async () => {
    const catalog = await catalogFor(options);
    expect(() => catalog.stream('gpt-unknown', [], new AbortController().signal)).toThrow(/Unknown model "gpt-unknown"/);
  });

  it('refuses two models with the same id', async () => {
    await expect(
      catalogFor({ ...options, models: [...options.models, { ...options.models[0], label: 'Again' }] }),
    ).rejects.toThrow(/Two models share the id "plamo"/);
  });
});
