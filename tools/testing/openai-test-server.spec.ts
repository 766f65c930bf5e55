import OpenAI, {
  APIConnectionTimeoutError,
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countTokens,
  expectedAnswer,
  startOpenAiTestServer,
  TEST_MODELS,
  type OpenAiTestServer,
} from './openai-test-server.mjs';

const question = '横須賀市のごみの出し方を教えてください 🗑️';

describe('OpenAI-compatible test server, seen through the official openai client', () => {
  let server: OpenAiTestServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startOpenAiTestServer({ apiKey: 'sk-test-key', slowChunkDelayMs: 150 });
    client = new OpenAI({ apiKey: 'sk-test-key', baseURL: server.baseUrl, maxRetries: 0 });
  });
  afterAll(() => server?.close());

  it('lists its models in the OpenAI list format', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual([...TEST_MODELS]);
  });

  it('streams the answer in several chunks, then usage, then ends the stream', async () => {
    const stream = await client.chat.completions.create({
      model: 'test-model',
      messages: [
        { role: 'system', content: 'あなたは自治体職員を支援するアシスタントです。' },
        { role: 'user', content: question },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0].object).toBe('chat.completion.chunk');
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
    expect(contentChunks.length).toBeGreaterThan(3);
    const text = contentChunks.map((chunk) => chunk.choices[0].delta.content).join('');
    expect(text).toBe(`テスト応答: ${question}`);
    expect(text).not.toContain('\uFFFD'); // no emoji or kanji split into broken halves

    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason);
    expect(finish?.choices[0].finish_reason).toBe('stop');
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toEqual({
      prompt_tokens: countTokens('あなたは自治体職員を支援するアシスタントです。') + countTokens(question),
      completion_tokens: countTokens(text),
      total_tokens: countTokens('あなたは自治体職員を支援するアシスタントです。') + countTokens(question) + countTokens(text),
    });
  });

  it('sends no usage chunk unless stream_options.include_usage asks for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'test-model',
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.choices.length === 1 && !chunk.usage)).toBe(true);
  });

  it('answers a non-streaming request with a chat.completion and its usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'test-model',
      messages: [
        { role: 'user', content: '最初の質問' },
        { role: 'assistant', content: expectedAnswer('最初の質問') },
        { role: 'user', content: [{ type: 'text', text: '二つ目の質問' }] },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0].message).toMatchObject({ role: 'assistant', content: 'テスト応答: 二つ目の質問' });
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBe(countTokens('テスト応答: 二つ目の質問'));
    expect(completion.usage?.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
  });

  it('records what the client sent, headers included', async () => {
    const before = server.requests.length;
    await client.chat.completions.create({ model: 'test-model', messages: [{ role: 'user', content: '記録' }] });
    const [received] = server.requests.slice(before);
    expect(received).toMatchObject({ method: 'POST', path: '/v1/chat/completions', clientClosed: false });
    expect(received.headers.authorization).toBe('Bearer sk-test-key');
    expect(received.body.messages).toEqual([{ role: 'user', content: '記録' }]);
  });

  it('answers test-429 with a RateLimitError carrying retry-after', async () => {
    const failure = client.chat.completions.create({ model: 'test-429', messages: [{ role: 'user', content: 'x' }] });
    await expect(failure).rejects.toBeInstanceOf(RateLimitError);
    const error = (await failure.catch((e: unknown) => e)) as RateLimitError;
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.headers?.get('retry-after')).toBe('1');
  });

  it('answers test-500 with an InternalServerError', async () => {
    const failure = client.chat.completions.create({ model: 'test-500', messages: [{ role: 'user', content: 'x' }], stream: true });
    const error = await failure.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(500);
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-unknown', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('model_not_found');
  });

  it('refuses a wrong API key with 401 invalid_api_key', async () => {
    const intruder = new OpenAI({ apiKey: 'sk-wrong', baseURL: server.baseUrl, maxRetries: 0 });
    const error = await intruder.chat.completions
      .create({ model: 'test-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
  });

  it('answers malformed JSON with 400 in the OpenAI error format', async () => {
    const response = await fetch(`${server.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-key', 'content-type': 'application/json' },
      body: '{"model": "test-model",',
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    expect(typeof body.error.message).toBe('string');
  });

  it('cuts a test-cut stream after a few chunks, and the client sees an error', async () => {
    const stream = await client.chat.completions.create({
      model: 'test-cut',
      messages: [{ role: 'user', content: 'この回答は途中で切れます。最後まで届きません。' }],
      stream: true,
    });
    const received: string[] = [];
    const consume = async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    };
    await expect(consume()).rejects.toThrow();
    expect(received.join('')).not.toBe(expectedAnswer('この回答は途中で切れます。最後まで届きません。'));
    expect(received.join('').length).toBeGreaterThan(0);
  });

  it('sends an event that is not JSON for test-malformed, and the client fails on it', async () => {
    const stream = await client.chat.completions.create({
      model: 'test-malformed',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const consume = async () => {
      for await (const chunk of stream) void chunk;
    };
    await expect(consume()).rejects.toThrow();
  });

  it('delays every test-slow chunk', async () => {
    const started = Date.now();
    const stream = await client.chat.completions.create({
      model: 'test-slow',
      messages: [{ role: 'user', content: 'ゆっくり' }], // 12 code points of answer → 3 chunks
      stream: true,
    });
    const arrivals: number[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrivals.push(Date.now() - started);
    expect(arrivals).toHaveLength(3);
    expect(arrivals[2] - arrivals[0]).toBeGreaterThanOrEqual(2 * 150 - 20);
  });

  it('never answers test-timeout, so the client times out, and still closes promptly', async () => {
    const held = await startOpenAiTestServer();
    const impatient = new OpenAI({ apiKey: 'unused', baseURL: held.baseUrl, maxRetries: 0, timeout: 300 });
    const error = await impatient.chat.completions
      .create({ model: 'test-timeout', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(held.requests[0].clientClosed).toBe(true);

    // A request still held open must not keep the server from closing.
    const pending = fetch(`${held.baseUrl}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'test-timeout', messages: [{ role: 'user', content: 'x' }] }),
    }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closingStarted = Date.now();
    await held.close();
    expect(Date.now() - closingStarted).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('OpenAI-compatible test server with a fixed upstream latency', () => {
  it('waits latencyMs before every answer, streaming or not, and can leave requests unrecorded', async () => {
    const slow = await startOpenAiTestServer({ latencyMs: 120, recordRequests: false });
    try {
      const client = new OpenAI({ apiKey: 'unused', baseURL: slow.baseUrl, maxRetries: 0 });
      let started = Date.now();
      const completion = await client.chat.completions.create({ model: 'test-model', messages: [{ role: 'user', content: 'はい' }] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(115);
      expect(completion.choices[0].message.content).toBe(expectedAnswer('はい'));

      started = Date.now();
      const stream = await client.chat.completions.create({ model: 'test-model', messages: [{ role: 'user', content: 'はい' }], stream: true });
      let firstChunkMs: number | undefined;
      for await (const chunk of stream) firstChunkMs ??= chunk.choices[0] ? Date.now() - started : undefined;
      expect(firstChunkMs).toBeGreaterThanOrEqual(115);
      expect(slow.requests).toEqual([]);
    } finally {
      await slow.close();
    }
  });
});
