import { describe, expect, it } from 'vitest';
import { renderError } from '../http/api-exception.filter';
import { describeLimit, quotaExceeded, ResetTimeFormat } from './quota-refusal';

describe('quota refusal', () => {
  it('words a per-user limit per day', () => {
    expect(describeLimit({ scope: 'user', period: 'day', measure: 'requests', max: 100 })).toEqual({
      ja: '1日あたり100回',
      en: '100 requests per day',
    });
  });

  it('words an organisation-wide token limit per month', () => {
    expect(describeLimit({ scope: 'organization', period: 'month', measure: 'tokens', max: 1_000_000 })).toEqual({
      ja: '組織全体で1か月あたり1,000,000トークン',
      en: '1,000,000 tokens per month for the whole organisation',
    });
  });

  it('tells the user, in their language, which limit was reached and when it resets in Tokyo time', () => {
    const resetsAt = new Date('2026-11-30T15:00:00Z'); // 1 December 00:00 JST
    const now = resetsAt.getTime() - 90_500;
    const error = quotaExceeded({ scope: 'user', period: 'day', measure: 'requests', max: 100, resetsAt }, now, new ResetTimeFormat('Asia/Tokyo'));
    expect(error.statusCode).toBe(429);
    expect(error.headers).toEqual({ 'Retry-After': '91' });
    expect(renderError(error, 'ja').message).toBe('1日あたり100回の利用上限に達しました。2026年12月1日 0:00 JST以降に再び利用できます。');
    expect(renderError(error, 'en').message).toBe(
      'The limit of 100 requests per day has been reached. You can continue after 1 December 2026 at 00:00 GMT+9.',
    );
  });
});
