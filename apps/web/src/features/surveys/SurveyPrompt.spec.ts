import type { PendingSurveyView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import SurveyPrompt from './SurveyPrompt.vue';

const text = (ja: string, en: string) => ({ ja, en });
const SURVEY: PendingSurveyView = {
  id: '0193a000-0000-4000-8000-0000000005a1',
  title: text('生成AIの利用満足度調査', 'Satisfaction survey'),
  description: text('5分ほどで終わります。', 'About five minutes.'),
  closesAt: '2099-06-30T15:00:00.000Z',
  questions: [
    { id: 'useful', kind: 'likert5', text: text('業務に役立っていますか', 'Does it help?'), options: [], required: true },
    { id: 'task', kind: 'single', text: text('主な用途', 'Main use'), options: [{ id: 'draft', text: text('文書作成', 'Drafting') }, { id: 'summary', text: text('要約', 'Summaries') }], required: true },
    { id: 'wishes', kind: 'multiple', text: text('望む機能', 'Wishes'), options: [{ id: 'files', text: text('ファイル添付', 'Files') }, { id: 'search', text: text('庁内検索', 'Search') }], required: false },
    { id: 'comment', kind: 'text', text: text('ご意見', 'Comments'), options: [], required: false },
  ],
};

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const mountPrompt = () => mountWithApp(SurveyPrompt, { me: signedInAs(['user']) });

describe('SurveyPrompt', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    sessionStorage.clear();
  });

  it('shows nothing when no survey is waiting', async () => {
    fakeApi({ 'GET /api/surveys/pending': () => Response.json({ survey: null }) });
    const { wrapper } = await mountPrompt();
    expect(byTestId(wrapper, 'survey-prompt').exists()).toBe(false);
  });

  it('opens the form in the card, sends the answers of every kind and thanks the user', async () => {
    const api = fakeApi({
      'GET /api/surveys/pending': () => Response.json({ survey: SURVEY }),
      [`POST /api/surveys/${SURVEY.id}/responses`]: () => Response.json({ surveyId: SURVEY.id, state: 'answered' }),
    });
    const { wrapper } = await mountPrompt();
    const card = byTestId(wrapper, 'survey-prompt');
    expect(card.attributes('aria-labelledby')).toBe('survey-prompt-title');
    expect(card.text()).toContain('生成AIの利用満足度調査');
    expect(card.text()).toContain('回答は匿名で集計されます');

    await byTestId(wrapper, 'survey-open').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(byTestId(wrapper, 'survey-useful-1').element);
    await byTestId(wrapper, 'survey-useful-4').setValue(true);
    await byTestId(wrapper, 'survey-task-summary').setValue(true);
    await byTestId(wrapper, 'survey-wishes-files').setValue(true);
    await byTestId(wrapper, 'survey-comment').setValue('要約が速い');
    await byTestId(wrapper, 'survey-form').trigger('submit');
    await flushPromises();

    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ answers: { useful: 4, task: 'summary', wishes: ['files'], comment: '要約が速い' } });
    expect(byTestId(wrapper, 'survey-prompt').exists()).toBe(false);
    expect(byTestId(wrapper, 'survey-notice').text()).toBe('ご回答ありがとうございました。');
  });

  it('shows the API’s refusal beside the question it names', async () => {
    fakeApi({
      'GET /api/surveys/pending': () => Response.json({ survey: SURVEY }),
      [`POST /api/surveys/${SURVEY.id}/responses`]: () =>
        Response.json({ statusCode: 400, code: 'validation_failed', message: '入力内容に誤りがあります。', details: [{ field: 'answers.task', message: 'answers.task: 必須です' }] }, { status: 400 }),
    });
    const { wrapper } = await mountPrompt();
    await byTestId(wrapper, 'survey-open').trigger('click');
    await byTestId(wrapper, 'survey-form').trigger('submit');
    await flushPromises();
    expect(byTestId(wrapper, 'survey-form-error').text()).toBe('入力内容に誤りがあります。');
    const task = wrapper.findAll('fieldset')[1];
    expect(task.text()).toContain('必須です');
    expect(task.attributes('aria-describedby')).toBe(`survey-${SURVEY.id}-task-error`);
  });

  it('「あとで」 hides it for this session without telling the server; 「回答しない」 declines it for good', async () => {
    const api = fakeApi({
      'GET /api/surveys/pending': () => Response.json({ survey: SURVEY }),
      [`POST /api/surveys/${SURVEY.id}/dismiss`]: () => Response.json({ surveyId: SURVEY.id, state: 'dismissed' }),
    });
    const first = await mountPrompt();
    await byTestId(first.wrapper, 'survey-later').trigger('click');
    expect(byTestId(first.wrapper, 'survey-prompt').exists()).toBe(false);
    expect(api.calls.filter((c) => c.method === 'POST')).toEqual([]);
    first.wrapper.unmount();

    const again = await mountPrompt();
    expect(byTestId(again.wrapper, 'survey-prompt').exists()).toBe(false);
    again.wrapper.unmount();

    sessionStorage.clear();
    const next = await mountPrompt();
    await byTestId(next.wrapper, 'survey-decline').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([`/api/surveys/${SURVEY.id}/dismiss`]);
    expect(byTestId(next.wrapper, 'survey-notice').text()).toBe('このアンケートは今後表示しません。');
  });
});
