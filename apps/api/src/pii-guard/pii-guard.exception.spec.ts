import { describe, expect, it } from 'vitest';
import { renderError } from '../http/api-exception.filter';
import { toOpenAiError } from '../openai-api/openai-error';
import { PiiGuardException } from './pii-guard.exception';

const found = {
  findings: [
    { kind: 'phone' as const, start: 3, end: 16, preview: '•••-••••-5678' },
    { kind: 'email' as const, start: 20, end: 37, preview: 't•••@example.go.jp' },
  ],
  counts: { phone: 1, email: 1 },
};

describe('PiiGuardException', () => {
  it('names the kinds found in the caller’s language and lists the findings without their values', () => {
    const ja = renderError(new PiiGuardException('pii_confirmation_required', found), 'ja');
    expect(ja).toMatchObject({ statusCode: 422, code: 'pii_confirmation_required', pii: found });
    expect(ja.message).toContain('電話番号、メールアドレス');
    const en = renderError(new PiiGuardException('pii_blocked', found), 'en');
    expect(en.message).toContain('Phone number, Email address');
  });

  it('carries the findings in the OpenAI error body of /v1', () => {
    const { status, body } = toOpenAiError(new PiiGuardException('pii_blocked', found), 'en');
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: 'pii_blocked', type: 'invalid_request_error', pii: found });
  });
});
