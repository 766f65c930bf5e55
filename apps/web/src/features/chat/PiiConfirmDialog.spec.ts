import type { ApiErrorView, ChatStreamEvent, ModelView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, sseResponse } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import { CONVERSATION, DEMO_MODEL, MESSAGES_PATH, messageView } from '../../testing/chat-fixtures';
import ChatPage from './ChatPage.vue';

const MODELS: ModelView[] = [DEMO_MODEL];
const QUESTION = '田中さんの電話は 090-1234-5678 です。';

const message = messageView;
const userMessage = message({ id: '0193a000-0000-7000-8000-0000000000u1', role: 'user', content: QUESTION, status: 'complete', modelId: null, piiHandling: 'confirmed' });
const answered: ChatStreamEvent[] = [
  { event: 'accepted', data: { userMessage, assistantMessage: message({}) } },
  { event: 'done', data: { message: message({ status: 'complete', content: '承知しました。' }) } },
];

const WARNING: ApiErrorView = {
  statusCode: 422,
  code: 'pii_confirmation_required',
  message: 'メッセージに個人情報（電話番号）が含まれている可能性があります。',
  pii: { findings: [{ kind: 'phone', start: 9, end: 22, preview: '•••-••••-5678' }], counts: { phone: 1 } },
};

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const select = (wrapper: Wrapper, testId: string) => wrapper.find(`[data-testid="${testId}"]`);

async function typeAndSend(wrapper: Wrapper) {
  await select(wrapper, 'composer-input').setValue(QUESTION);
  await select(wrapper, 'send').trigger('click');
  await flushPromises();
}

describe('PII confirmation in the chat', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => (document.body.innerHTML = ''));

  it('asks before sending personal data, listing each finding by kind and a hidden preview, with focus on 修正する', async () => {
    const api = fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      'POST /api/conversations': () => Response.json(CONVERSATION, { status: 201 }),
      [`POST ${MESSAGES_PATH}`]: (call, signal) =>
        (call.body as { confirmPii?: boolean }).confirmPii ? sseResponse(answered, signal).response : Response.json(WARNING, { status: 422 }),
    });
    const { wrapper } = await mountWithApp(ChatPage);
    await typeAndSend(wrapper);

    const dialog = wrapper.find('dialog');
    expect(dialog.attributes('open')).toBeDefined();
    expect(document.getElementById(dialog.attributes('aria-labelledby') as string)?.textContent).toBe('個人情報が含まれている可能性があります');
    expect(select(wrapper, 'pii-findings').findAll('li').map((item) => item.text())).toEqual(['電話番号：•••-••••-5678']);
    expect(document.activeElement?.textContent?.trim()).toBe('修正する');
    expect(select(wrapper, 'chat-error').exists()).toBe(false);

    await select(wrapper, 'pii-send').trigger('click');
    await flushPromises();
    const sends = api.calls.filter((call) => call.path === MESSAGES_PATH).map((call) => call.body);
    expect(sends).toEqual([{ content: QUESTION }, { content: QUESTION, confirmPii: true }]);
    expect(wrapper.find('dialog').attributes('open')).toBeUndefined();
    expect((select(wrapper, 'composer-input').element as HTMLTextAreaElement).value).toBe('');
    wrapper.unmount();
  });

  it('修正する closes the dialog and gives the message back in the composer, with focus', async () => {
    const api = fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      'POST /api/conversations': () => Response.json(CONVERSATION, { status: 201 }),
      [`POST ${MESSAGES_PATH}`]: () => Response.json(WARNING, { status: 422 }),
    });
    const { wrapper } = await mountWithApp(ChatPage);
    await typeAndSend(wrapper);

    await wrapper.find('dialog').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(wrapper.find('dialog').attributes('open')).toBeUndefined();
    expect((select(wrapper, 'composer-input').element as HTMLTextAreaElement).value).toBe(QUESTION);
    expect(document.activeElement).toBe(select(wrapper, 'composer-input').element);
    expect(api.calls.filter((call) => call.path === MESSAGES_PATH)).toHaveLength(1);
    wrapper.unmount();
  });

  it('says why a message was blocked, without offering to send it anyway', async () => {
    const blocked: ApiErrorView = { ...WARNING, code: 'pii_blocked', message: 'メッセージに個人情報（電話番号）が含まれているため、送信できません（組織の設定）。' };
    fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      'POST /api/conversations': () => Response.json(CONVERSATION, { status: 201 }),
      [`POST ${MESSAGES_PATH}`]: () => Response.json(blocked, { status: 422 }),
    });
    const { wrapper } = await mountWithApp(ChatPage);
    await typeAndSend(wrapper);
    expect(select(wrapper, 'chat-error').text()).toBe(blocked.message);
    expect(wrapper.find('dialog').attributes('open')).toBeUndefined();
    expect((select(wrapper, 'composer-input').element as HTMLTextAreaElement).value).toBe(QUESTION);
    wrapper.unmount();
  });

  it('marks a message that was sent with personal data masked', async () => {
    const masked = { ...userMessage, piiHandling: 'masked' as const };
    fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      [`GET /api/conversations/${CONVERSATION.id}`]: () => Response.json({ ...CONVERSATION, messages: [masked, message({ status: 'complete', content: '回答' })] }),
    });
    const { wrapper } = await mountWithApp(ChatPage, { path: `/c/${CONVERSATION.id}`, props: { id: CONVERSATION.id } });
    expect(select(wrapper, 'pii-masked').text()).toContain('個人情報を伏せてモデルに送信しました');
    wrapper.unmount();
  });

  it('offers 機密性3 only when the organisation has enabled it', async () => {
    fakeApi({ 'GET /api/models': () => Response.json(MODELS) });
    const disabled = { ...signedInAs(['user']), piiSettings: { piiPolicy: 'warn' as const, confidentialClassEnabled: false } };
    const { wrapper } = await mountWithApp(ChatPage, { me: disabled });
    const options = () => select(wrapper, 'info-class-select').findAll('option').map((option) => option.text());
    expect(options()).toEqual(['組織の既定', '機密性1', '機密性2']);
    expect(select(wrapper, 'info-class-hint').text()).toContain('機密性3はこの組織では有効になっていません');
    wrapper.unmount();

    const enabled = await mountWithApp(ChatPage, { me: signedInAs(['user']) });
    expect(select(enabled.wrapper, 'info-class-select').findAll('option').map((option) => option.text())).toContain('機密性3');
    enabled.wrapper.unmount();
  });
});
