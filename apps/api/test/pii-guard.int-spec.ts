import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiErrorView, ConversationDetailView, ConversationSummaryView, MeView, PiiPolicy } from '@gennai/contracts';
import type { OpenAiErrorBody } from '../src/openai-api/openai-error';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../../tools/testing/openai-test-server.mjs';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';

const PHONE = '090-1234-5678';
const MY_NUMBER = '123456789018';
const WITH_PII = `田中さんの電話は ${PHONE}、個人番号は ${MY_NUMBER} です。`;
const MASKED_JA = '田中さんの電話は ［電話番号］、個人番号は ［マイナンバー］ です。';

interface AuditRow {
  action: string;
  target_type: string;
  target_id: string;
  details: Record<string, unknown>;
}

describe('PII guard and the 機密性3 gate', () => {
  let api: TestApi;
  let llm: OpenAiTestServer;
  let alice: ApiClient;
  let aliceOrganizationId: string;

  beforeAll(async () => {
    llm = await startOpenAiTestServer();
    api = await startTestApi({
      GENNAI_MODELS: JSON.stringify([
        { id: 'echo', label: 'Echo (test)', baseUrl: llm.baseUrl, model: 'test-model', maxInformationClass: 3 },
        { id: 'cut', label: 'Cut (test)', baseUrl: llm.baseUrl, model: 'test-cut', maxInformationClass: 3 },
      ]),
      GENNAI_DEMO_MODEL: 'false',
      GENNAI_RETRY_MAX_ATTEMPTS: '1',
      GENNAI_RATE_LIMIT_PER_MINUTE: '1000',
      GENNAI_MAX_MESSAGE_CHARS: '2000',
    });
    alice = new ApiClient(api.url, 'alice');
    aliceOrganizationId = (await alice.json<MeView>('GET', '/api/me')).organization.id;
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
  });

  /** The organisation settings an administrator would set (the admin page is not this feature's). */
  const settle = (piiPolicy: PiiPolicy, confidentialClassEnabled = false) =>
    api.db.query(`UPDATE organizations SET pii_policy = $2, confidential_class_enabled = $3 WHERE id = $1`, [aliceOrganizationId, piiPolicy, confidentialClassEnabled]);

  /** What the model server receives from now on. */
  let seen = 0;
  beforeEach(() => {
    seen = llm.requests.length;
  });
  const upstream = () => llm.requests.slice(seen).map((request) => request.body.messages as { role: string; content: string }[]);

  const send = (conversationId: string, content: string, extra: Record<string, unknown> = {}) =>
    alice.request('POST', `/api/conversations/${conversationId}/messages`, { content, ...extra });
  const messagesOf = (conversationId: string) =>
    api.db.query(`SELECT role, content, status, pii_handling FROM messages WHERE conversation_id = $1 ORDER BY created_at, id`, [conversationId]) as Promise<
      { role: string; content: string; status: string; pii_handling: string | null }[]
    >;
  const auditOf = async (action: string, targetId: string): Promise<AuditRow[]> => {
    const rows = (await api.db.query(`SELECT action, target_type, target_id, details FROM audit_entries WHERE action = $1 AND target_id = $2 ORDER BY id`, [action, targetId])) as (Omit<AuditRow, 'details'> & { details: string })[];
    return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
  };
  const completion = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    alice.request('POST', '/v1/chat/completions', { model: 'echo', ...body }, headers);

  describe('in the chat', () => {
    it('under warn, refuses an unconfirmed message with the findings and stores nothing; confirmed, sends it as typed', async () => {
      await settle('warn');
      const conversation = await alice.createConversation('echo');

      const refused = await send(conversation.id, WITH_PII);
      expect(refused.status).toBe(422);
      const text = await refused.text();
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain(MY_NUMBER);
      const error = JSON.parse(text) as ApiErrorView;
      expect(error.code).toBe('pii_confirmation_required');
      expect(error.message).toContain('マイナンバー、電話番号');
      expect(error.pii?.counts).toEqual({ my_number: 1, phone: 1 });
      const phone = error.pii?.findings.find((finding) => finding.kind === 'phone');
      expect(phone).toEqual({ kind: 'phone', start: WITH_PII.indexOf(PHONE), end: WITH_PII.indexOf(PHONE) + PHONE.length, preview: '•••-••••-5678' });
      expect(await messagesOf(conversation.id)).toEqual([]);
      expect(upstream()).toEqual([]);
      const [warned] = await auditOf('pii.warned', conversation.id);
      expect(warned.details).toEqual({ app: 'chat', modelId: 'echo', informationClass: 2, policy: 'warn', total: 2, counts: { my_number: 1, phone: 1 } });

      const confirmed = await send(conversation.id, WITH_PII, { confirmPii: true });
      expect(confirmed.status).toBe(200);
      expect((await readEvents(confirmed)).at(-1)?.event).toBe('done');
      expect(upstream().at(-1)?.at(-1)).toEqual({ role: 'user', content: WITH_PII });
      const stored = await messagesOf(conversation.id);
      expect(stored[0]).toMatchObject({ role: 'user', content: WITH_PII, pii_handling: 'confirmed' });
      const [overridden] = await auditOf('pii.overridden', conversation.id);
      expect(overridden.details).toMatchObject({ policy: 'warn', total: 2, counts: { my_number: 1, phone: 1 } });
      expect(JSON.stringify(overridden.details)).not.toContain(PHONE);
    });

    it('under mask, sends the masked text (now and as history) and keeps what the user typed', async () => {
      await settle('mask');
      const conversation = await alice.createConversation('echo');
      const response = await send(conversation.id, WITH_PII);
      expect(response.status).toBe(200);
      const events = await readEvents(response);
      expect(events[0]).toMatchObject({ event: 'accepted', data: { userMessage: { content: WITH_PII, piiHandling: 'masked' } } });
      expect(upstream()).toEqual([[{ role: 'user', content: MASKED_JA }]]);

      const next = await send(conversation.id, 'ありがとう');
      await readEvents(next);
      const history = upstream().at(-1);
      expect(history?.[0]).toEqual({ role: 'user', content: MASKED_JA });
      expect(JSON.stringify(upstream())).not.toContain(PHONE);

      const detail = await alice.json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
      expect(detail.messages[0]).toMatchObject({ content: WITH_PII, piiHandling: 'masked' });
      expect(detail.messages[2]).toMatchObject({ content: 'ありがとう', piiHandling: null });
      const [masked] = await auditOf('pii.masked', conversation.id);
      expect(masked.details).toMatchObject({ app: 'chat', policy: 'mask', total: 2, messageId: detail.messages[0].id });
    });

    it('under block, refuses the message naming what was found, sends and stores nothing', async () => {
      await settle('block');
      const conversation = await alice.createConversation('echo');
      const refused = await send(conversation.id, WITH_PII, { confirmPii: true });
      expect(refused.status).toBe(422);
      const error = (await refused.json()) as ApiErrorView;
      expect(error.code).toBe('pii_blocked');
      expect(error.message).toContain('マイナンバー、電話番号');
      expect(await messagesOf(conversation.id)).toEqual([]);
      expect(upstream()).toEqual([]);
      expect(await auditOf('pii.blocked', conversation.id)).toHaveLength(1);

      const clean = await send(conversation.id, '制度の概要を教えてください');
      expect(clean.status).toBe(200);
      await readEvents(clean);
    });

    it('screens a retried message under the policy in force, and a refused retry leaves the answer retryable', async () => {
      await settle('warn');
      const conversation = await alice.createConversation('cut');
      const first = await readEvents(await send(conversation.id, WITH_PII, { confirmPii: true }));
      const failed = first.at(-1);
      expect(failed?.event).toBe('failed');
      const answerId = (failed?.data as { message: { id: string } }).message.id;
      const retry = (body?: Record<string, unknown>) => alice.request('POST', `/api/conversations/${conversation.id}/messages/${answerId}/retry`, body);

      await settle('block');
      seen = llm.requests.length;
      const blocked = await retry();
      expect(blocked.status).toBe(422);
      expect(((await blocked.json()) as ApiErrorView).code).toBe('pii_blocked');
      expect(upstream()).toEqual([]);
      expect((await messagesOf(conversation.id))[1]).toMatchObject({ role: 'assistant', status: 'failed' });

      await settle('mask');
      const masked = await retry();
      expect(masked.status).toBe(200);
      await readEvents(masked);
      expect(upstream()[0]).toEqual([{ role: 'user', content: MASKED_JA }]);
      expect((await messagesOf(conversation.id))[0]).toMatchObject({ content: WITH_PII, pii_handling: 'masked' });
      expect((await auditOf('pii.masked', conversation.id))[0].details).toMatchObject({ retry: true });
    });

    it('refuses 機密性3 unless the organisation has enabled it, for new conversations and for messages', async () => {
      await settle('warn', false);
      const refused = await alice.request('POST', '/api/conversations', { modelId: 'echo', informationClass: 3 });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as ApiErrorView).code).toBe('confidential_class_disabled');

      await settle('warn', true);
      expect((await alice.json<MeView>('GET', '/api/me')).piiSettings).toEqual({ piiPolicy: 'warn', confidentialClassEnabled: true });
      const conversation = await alice.json<ConversationSummaryView>('POST', '/api/conversations', { modelId: 'echo', informationClass: 3 });
      expect(conversation.informationClass).toBe(3);

      await settle('warn', false);
      const message = await send(conversation.id, '機密の相談です');
      expect(message.status).toBe(422);
      expect(((await message.json()) as ApiErrorView).code).toBe('confidential_class_disabled');
      expect(await messagesOf(conversation.id)).toEqual([]);
      expect(upstream()).toEqual([]);
    });
  });

  describe('in /v1/chat/completions', () => {
    const messages = [
      { role: 'system', content: `連絡先 ${PHONE} の窓口として答えてください。` },
      { role: 'user', content: WITH_PII },
    ];

    it('under warn, answers 422 pii_confirmation_required in OpenAI’s shape until X-Gennai-PII-Confirm: true', async () => {
      await settle('warn');
      const refused = await completion({ messages });
      expect(refused.status).toBe(422);
      const { error } = (await refused.json()) as OpenAiErrorBody;
      expect(error).toMatchObject({ code: 'pii_confirmation_required', type: 'invalid_request_error' });
      expect(error.pii?.findings.map((finding) => [finding.message, finding.kind])).toEqual([
        [0, 'phone'],
        [1, 'phone'],
        [1, 'my_number'],
      ]);
      expect(upstream()).toEqual([]);
      expect(await auditOf('pii.warned', 'echo')).toHaveLength(1);

      const badHeader = await completion({ messages }, { 'X-Gennai-PII-Confirm': 'yes' });
      expect(badHeader.status).toBe(400);

      const confirmed = await completion({ messages }, { 'X-Gennai-PII-Confirm': 'true' });
      expect(confirmed.status).toBe(200);
      expect(upstream()).toEqual([messages]);
      expect((await auditOf('pii.overridden', 'echo'))[0].details).toMatchObject({ app: 'api', policy: 'warn', total: 3 });
    });

    it('under mask, sends every message masked, assistant turns included', async () => {
      await settle('mask');
      const response = await completion({ messages: [...messages, { role: 'assistant', content: `${PHONE} ですね。` }, { role: 'user', content: 'はい' }] });
      expect(response.status).toBe(200);
      expect(upstream()).toEqual([
        [
          { role: 'system', content: '連絡先 ［電話番号］ の窓口として答えてください。' },
          { role: 'user', content: MASKED_JA },
          { role: 'assistant', content: '［電話番号］ ですね。' },
          { role: 'user', content: 'はい' },
        ],
      ]);
      expect((await auditOf('pii.masked', 'echo'))[0].details).toMatchObject({ app: 'api', total: 4 });
    });

    it('under block, refuses the request and sends nothing, whatever the confirm header says', async () => {
      await settle('block');
      const refused = await completion({ messages }, { 'X-Gennai-PII-Confirm': 'true' });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as OpenAiErrorBody).error.code).toBe('pii_blocked');
      expect(upstream()).toEqual([]);
      expect(await auditOf('pii.blocked', 'echo')).toHaveLength(1);
    });

    it('refuses X-Gennai-Information-Class: 3 unless the organisation has enabled it', async () => {
      await settle('warn', false);
      const refused = await completion({ messages: [{ role: 'user', content: 'こんにちは' }] }, { 'X-Gennai-Information-Class': '3' });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as OpenAiErrorBody).error.code).toBe('confidential_class_disabled');
      expect(upstream()).toEqual([]);
      await settle('warn', true);
      expect((await completion({ messages: [{ role: 'user', content: 'こんにちは' }] }, { 'X-Gennai-Information-Class': '3' })).status).toBe(200);
    });
  });
});
