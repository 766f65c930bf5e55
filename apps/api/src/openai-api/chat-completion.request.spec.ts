import { describe, expect, it } from 'vitest';
import { ApiException } from '../http/api.exception';
import { ChatCompletionPipe, toChatOptions, toChatTurns } from './chat-completion.request';

const pipe = new ChatCompletionPipe();
const base = { model: 'echo', messages: [{ role: 'user', content: 'こんにちは' }] };

function refusal(body: unknown): ApiException {
  try {
    pipe.transform(body);
  } catch (error) {
    return error as ApiException;
  }
  throw new Error('expected the body to be refused');
}

describe('chat completion requests', () => {
  it('maps developer turns to system turns and joins text parts', () => {
    const request = pipe.transform({
      ...base,
      messages: [
        { role: 'developer', content: '丁寧に答えてください。' },
        { role: 'user', content: [{ type: 'text', text: '住民票' }, { type: 'text', text: 'の請求' }], name: 'taro' },
        { role: 'assistant', content: null },
      ],
    });
    expect(toChatTurns(request)).toEqual([
      { role: 'system', content: '丁寧に答えてください。' },
      { role: 'user', content: '住民票の請求' },
      { role: 'assistant', content: '' },
    ]);
  });

  it('turns sampling parameters into gateway options, preferring max_completion_tokens', () => {
    const request = pipe.transform({ ...base, max_tokens: 10, max_completion_tokens: 20, temperature: 0.2, top_p: 0.9, stop: 'END' });
    expect(toChatOptions(request)).toEqual({ maxOutputTokens: 20, temperature: 0.2, topP: 0.9, stop: ['END'] });
    expect(toChatOptions(pipe.transform(base))).toEqual({});
  });

  it('accepts and ignores harmless parameters, and nulls', () => {
    expect(() =>
      pipe.transform({ ...base, presence_penalty: 0.5, frequency_penalty: 0, seed: 7, logit_bias: { '50256': -100 }, user: 'u-1', n: 1, tools: null, response_format: { type: 'text' }, stream: null }),
    ).not.toThrow();
  });

  it.each([
    [{ tools: [{ type: 'function', function: { name: 'f' } }] }, 'tools'],
    [{ functions: [{ name: 'f' }] }, 'functions'],
    [{ response_format: { type: 'json_object' } }, 'response_format'],
    [{ n: 2 }, 'n'],
    [{ logprobs: true }, 'logprobs'],
    [{ reasoning_effort: 'high' }, 'reasoning_effort'],
  ])('refuses %o naming the parameter', (extra, param) => {
    const error = refusal({ ...base, ...extra });
    expect(error).toMatchObject({ statusCode: 400, code: 'unsupported_parameter', params: { param } });
  });

  it('refuses image parts and tool turns by their path', () => {
    const image = refusal({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'https://x' } }] }] });
    expect(image.params).toEqual({ param: 'messages[0].content[1].type' });
    const tool = refusal({ ...base, messages: [{ role: 'tool', content: 'r', tool_call_id: 'c' }] });
    expect(tool.params).toEqual({ param: 'messages[0].role' });
  });

  it('names each invalid field', () => {
    const error = refusal({ model: 'echo', messages: [], temperature: 3 });
    expect(error).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect(error.details?.map((d) => d.field)).toEqual(['messages', 'temperature']);
  });
});
