import type { SurveyView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import { CLOSED, DRAFT, OPEN } from './survey-fixtures';
import { leaveSurveyNotice } from './survey-notice';
import SurveysPage from './SurveysPage.vue';

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const evaluator = signedInAs(['user', 'evaluator']);
const confirmButton = (id: 'confirm-accept' | 'confirm-cancel') => document.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);

describe('SurveysPage', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists each survey with its status, period and answers, and offers what its status allows', async () => {
    fakeApi({ 'GET /api/evaluation/surveys': () => Response.json([DRAFT, OPEN, CLOSED]) });
    const { wrapper } = await mountWithApp(SurveysPage, { me: evaluator, path: '/evaluation/surveys' });

    expect(document.activeElement?.tagName).toBe('H1');
    expect(byTestId(wrapper, 'survey-new').attributes('href')).toBe('/evaluation/surveys/new');
    const open = byTestId(wrapper, `survey-row-${OPEN.id}`);
    expect(open.find('th').text()).toBe('生成AIの利用満足度調査');
    expect(open.text()).toContain('公開中');
    expect(open.text()).toContain('1,234');
    expect(open.text()).toMatch(/2099.*–.*2099/);

    expect(byTestId(wrapper, `survey-edit-${DRAFT.id}`).attributes('href')).toBe(`/evaluation/surveys/${DRAFT.id}/edit`);
    expect(byTestId(wrapper, `survey-publish-${DRAFT.id}`).attributes('aria-label')).toBe('「窓口業務の調査」を公開');
    expect(byTestId(wrapper, `survey-results-${DRAFT.id}`).exists()).toBe(false);
    expect(byTestId(wrapper, `survey-results-${OPEN.id}`).attributes('href')).toBe(`/evaluation/surveys/${OPEN.id}/results`);
    expect(byTestId(wrapper, `survey-close-${OPEN.id}`).exists()).toBe(true);
    expect(byTestId(wrapper, `survey-publish-${OPEN.id}`).exists()).toBe(false);
    expect(byTestId(wrapper, `survey-close-${CLOSED.id}`).exists()).toBe(false);
    expect(byTestId(wrapper, `survey-results-${CLOSED.id}`).exists()).toBe(true);
  });

  it('shows an organisation administrator the results only: no new survey, no publishing or closing', async () => {
    fakeApi({ 'GET /api/evaluation/surveys': () => Response.json([OPEN, CLOSED]) });
    const { wrapper } = await mountWithApp(SurveysPage, { me: signedInAs(['user', 'org_admin']), path: '/evaluation/surveys' });
    expect(byTestId(wrapper, 'survey-new').exists()).toBe(false);
    expect(byTestId(wrapper, `survey-close-${OPEN.id}`).exists()).toBe(false);
    expect(byTestId(wrapper, `survey-results-${OPEN.id}`).exists()).toBe(true);
  });

  it('publishes a draft only after confirmation, announces it and puts focus on its results link', async () => {
    let status: SurveyView['status'] = 'draft';
    const api = fakeApi({
      'GET /api/evaluation/surveys': () => Response.json([{ ...DRAFT, status }]),
      [`POST /api/evaluation/surveys/${DRAFT.id}/publish`]: () => {
        status = 'published';
        return Response.json({ ...DRAFT, status });
      },
    });
    const { wrapper } = await mountWithApp(SurveysPage, { me: evaluator, path: '/evaluation/surveys' });

    await byTestId(wrapper, `survey-publish-${DRAFT.id}`).trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-testid="confirm-text"]')?.textContent).toBe('「窓口業務の調査」を公開しますか？公開後は質問を変更できません。');
    confirmButton('confirm-cancel')?.click();
    await flushPromises();
    expect(api.calls.filter((call) => call.method === 'POST')).toEqual([]);

    await byTestId(wrapper, `survey-publish-${DRAFT.id}`).trigger('click');
    await flushPromises();
    confirmButton('confirm-accept')?.click();
    await flushPromises();
    expect(api.calls.filter((call) => call.method === 'POST').map((call) => call.path)).toEqual([`/api/evaluation/surveys/${DRAFT.id}/publish`]);
    expect(byTestId(wrapper, 'surveys-notice').text()).toBe('「窓口業務の調査」を公開しました。');
    expect(byTestId(wrapper, `survey-status-${DRAFT.id}`).text()).toBe('公開中');
    expect(document.activeElement).toBe(byTestId(wrapper, `survey-results-${DRAFT.id}`).element);
  });

  it('closes an open survey after confirmation', async () => {
    const api = fakeApi({
      'GET /api/evaluation/surveys': () => Response.json([OPEN]),
      [`POST /api/evaluation/surveys/${OPEN.id}/close`]: () => Response.json({ ...OPEN, status: 'closed' }),
    });
    const { wrapper } = await mountWithApp(SurveysPage, { me: evaluator, path: '/evaluation/surveys' });
    await byTestId(wrapper, `survey-close-${OPEN.id}`).trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-testid="confirm-text"]')?.textContent).toBe('「生成AIの利用満足度調査」の回答受付を終了しますか？');
    confirmButton('confirm-accept')?.click();
    await flushPromises();
    expect(api.calls.at(-2)?.path).toBe(`/api/evaluation/surveys/${OPEN.id}/close`);
    expect(byTestId(wrapper, 'surveys-notice').text()).toBe('「生成AIの利用満足度調査」を終了しました。');
  });

  it('offers 削除 on drafts only, to authors only, named for the survey it deletes', async () => {
    fakeApi({ 'GET /api/evaluation/surveys': () => Response.json([DRAFT, OPEN, CLOSED]) });
    const { wrapper } = await mountWithApp(SurveysPage, { me: evaluator, path: '/evaluation/surveys' });
    expect(byTestId(wrapper, `survey-discard-${DRAFT.id}`).text()).toBe('削除');
    expect(byTestId(wrapper, `survey-discard-${DRAFT.id}`).attributes('aria-label')).toBe('「窓口業務の調査」を削除');
    expect(byTestId(wrapper, `survey-discard-${OPEN.id}`).exists()).toBe(false);
    expect(byTestId(wrapper, `survey-discard-${CLOSED.id}`).exists()).toBe(false);
  });

  it('deletes a draft only once confirmed — Escape keeps it — then announces it and moves focus to 新しいアンケート', async () => {
    let surveys = [DRAFT, OPEN];
    const api = fakeApi({
      'GET /api/evaluation/surveys': () => Response.json(surveys),
      [`DELETE /api/evaluation/surveys/${DRAFT.id}`]: () => {
        surveys = [OPEN];
        return new Response(null, { status: 204 });
      },
    });
    const { wrapper } = await mountWithApp(SurveysPage, { me: evaluator, path: '/evaluation/surveys' });
    const button = byTestId(wrapper, `survey-discard-${DRAFT.id}`);
    (button.element as HTMLElement).focus();
    await button.trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-testid="confirm-text"]')?.textContent).toBe('下書き「窓口業務の調査」を削除しますか？削除すると元に戻せません。');
    // Focus starts on キャンセル, so Enter alone deletes nothing; Escape answers no and gives focus back.
    expect(document.activeElement).toBe(confirmButton('confirm-cancel'));
    await wrapper.find('dialog').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(api.calls.filter((call) => call.method === 'DELETE')).toEqual([]);
    expect(document.activeElement).toBe(button.element);

    await button.trigger('click');
    await flushPromises();
    confirmButton('confirm-accept')?.click();
    await flushPromises();
    expect(api.calls.filter((call) => call.method === 'DELETE').map((call) => call.path)).toEqual([`/api/evaluation/surveys/${DRAFT.id}`]);
    expect(byTestId(wrapper, 'surveys-notice').text()).toBe('「窓口業務の調査」を削除しました。');
    expect(byTestId(wrapper, `survey-row-${DRAFT.id}`).exists()).toBe(false);
    expect(document.activeElement).toBe(byTestId(wrapper, 'survey-new').element);
  });

  it('says why a survey could not be deleted (published meanwhile) and keeps it listed', async () => {
    fakeApi({
      'GET /api/evaluation/surveys': () => Response.json([DRAFT]),
      [`DELETE /api/evaluation/surveys/${DRAFT.id}`]: () =>
        Response.json(
          {
            statusCode: 409,
            code: 'survey_not_discardable',
            message: 'アンケート「窓口業務の調査」は公開済みのため削除できません。公開したアンケートは回答と結果を残すため、削除できるのは一度も公開していない下書きだけです。',
          },
          { status: 409 },
        ),
    });
    const { wrapper } = await mountWithApp(SurveysPage, { me: evaluator, path: '/evaluation/surveys' });
    await byTestId(wrapper, `survey-discard-${DRAFT.id}`).trigger('click');
    await flushPromises();
    confirmButton('confirm-accept')?.click();
    await flushPromises();
    const error = byTestId(wrapper, 'surveys-action-error');
    expect(error.text()).toContain('公開済みのため削除できません');
    expect(document.activeElement).toBe(error.element);
    expect(byTestId(wrapper, `survey-row-${DRAFT.id}`).exists()).toBe(true);
  });

  it('says why publishing was refused, with each problem the API found, and moves focus there', async () => {
    fakeApi({
      'GET /api/evaluation/surveys': () => Response.json([DRAFT]),
      [`POST /api/evaluation/surveys/${DRAFT.id}/publish`]: () =>
        Response.json(
          { statusCode: 400, code: 'validation_failed', message: '入力内容に誤りがあります。', details: [{ field: 'closesAt', message: 'closesAt: 現在より後の日時にしてください' }] },
          { status: 400 },
        ),
    });
    const { wrapper } = await mountWithApp(SurveysPage, { me: evaluator, path: '/evaluation/surveys' });
    await byTestId(wrapper, `survey-publish-${DRAFT.id}`).trigger('click');
    await flushPromises();
    confirmButton('confirm-accept')?.click();
    await flushPromises();
    const error = byTestId(wrapper, 'surveys-action-error');
    expect(error.text()).toContain('入力内容に誤りがあります。');
    expect(error.find('li').text()).toBe('現在より後の日時にしてください');
    expect(document.activeElement).toBe(error.element);
  });

  it('announces what the editor left for it (a survey published from the editor)', async () => {
    fakeApi({ 'GET /api/evaluation/surveys': () => Response.json([]) });
    leaveSurveyNotice('「窓口業務の調査」を公開しました。');
    const { wrapper } = await mountWithApp(SurveysPage, { me: evaluator, path: '/evaluation/surveys' });
    expect(byTestId(wrapper, 'surveys-notice').text()).toBe('「窓口業務の調査」を公開しました。');
    expect(byTestId(wrapper, 'surveys-table').text()).toContain('アンケートはまだありません。');
  });
});
