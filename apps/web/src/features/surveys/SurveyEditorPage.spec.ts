import type { SurveyView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import SurveyEditorPage from './SurveyEditorPage.vue';
import { DRAFT, OPEN, ORGANIZATIONS } from './survey-fixtures';
import { takeSurveyNotice } from './survey-notice';

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const evaluator = signedInAs(['user', 'evaluator']);
const CREATED_ID = '0193a000-0000-7000-8000-0000000005e1';

function editorApi(extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/evaluation/organizations': () => Response.json(ORGANIZATIONS),
    'POST /api/evaluation/surveys': (call) => Response.json({ ...(call.body as object), id: CREATED_ID, status: 'draft' }),
    ...extra,
  });
}

async function fill(wrapper: Wrapper, id: string, value: string) {
  await byTestId(wrapper, id).setValue(value);
}

describe('SurveyEditorPage', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('writes a survey with the four kinds of question, its audience and period, and saves it as a draft', async () => {
    const api = editorApi();
    const { wrapper, router } = await mountWithApp(SurveyEditorPage, { me: evaluator, path: '/evaluation/surveys/new' });
    expect(wrapper.find('h1').text()).toBe('新しいアンケート');

    await fill(wrapper, 'survey-title-ja', ' 利用満足度調査 ');
    await fill(wrapper, 'survey-title-en', 'Satisfaction');
    for (const kind of ['likert5', 'single', 'multiple', 'text'] as const) {
      await byTestId(wrapper, 'survey-add-kind').setValue(kind);
      await byTestId(wrapper, 'survey-add-question').trigger('click');
      await flushPromises();
    }
    // Focus goes to the new question's text.
    expect(document.activeElement).toBe(byTestId(wrapper, 'survey-q-3-text-ja').element);
    for (const index of [0, 1, 2, 3]) {
      await fill(wrapper, `survey-q-${index}-text-ja`, `質問${index + 1}`);
      await fill(wrapper, `survey-q-${index}-text-en`, `Question ${index + 1}`);
    }
    // A choice starts with two options; a third is added, moved to the top and the (now) last one removed.
    expect(byTestId(wrapper, 'survey-q-1-options').findAll('li')).toHaveLength(2);
    await byTestId(wrapper, 'survey-q-1-add-option').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(byTestId(wrapper, 'survey-q-1-option-2-ja').element);
    for (const [index, ja, en] of [[0, '文書作成', 'Drafting'], [1, '要約', 'Summaries'], [2, '翻訳', 'Translation']] as const) {
      await fill(wrapper, `survey-q-1-option-${index}-ja`, ja);
      await fill(wrapper, `survey-q-1-option-${index}-en`, en);
    }
    await byTestId(wrapper, 'survey-q-1-option-2-up').trigger('click');
    await byTestId(wrapper, 'survey-q-1-option-1-up').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(byTestId(wrapper, 'survey-q-1-option-0-down').element);
    expect(byTestId(wrapper, 'survey-editor-notice').text()).toBe('質問2の選択肢を1番目に移動しました。');
    await byTestId(wrapper, 'survey-q-1-option-2-remove').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(byTestId(wrapper, 'survey-q-1-add-option').element);
    for (const [index, ja, en] of [[0, 'はい', 'Yes'], [1, 'いいえ', 'No']] as const) {
      await fill(wrapper, `survey-q-2-option-${index}-ja`, ja);
      await fill(wrapper, `survey-q-2-option-${index}-en`, en);
    }
    await byTestId(wrapper, 'survey-q-3-required').setValue(false);
    // Free text moves above the multiple choice.
    await byTestId(wrapper, 'survey-q-3-up').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(byTestId(wrapper, 'survey-q-2-up').element);

    // The organisation tree, each level in Japanese order: 横須賀市 indented under 神奈川県.
    const targets = byTestId(wrapper, 'survey-targets').findAll('li');
    expect(targets.map((item) => item.text())).toEqual(['デジタル庁', '神奈川県', '横須賀市']);
    expect(targets[2].attributes('style')).toContain('padding-inline-start: 1.5rem');
    await byTestId(wrapper, `survey-target-${ORGANIZATIONS[0].id}`).setValue(true);
    await byTestId(wrapper, 'survey-role-user').setValue(true);
    await fill(wrapper, 'survey-opensAt', '2099-04-01T09:00');
    await fill(wrapper, 'survey-closesAt', '2099-04-15T17:00');

    await byTestId(wrapper, 'survey-editor').trigger('submit');
    await flushPromises();
    const post = api.calls.find((call) => call.method === 'POST');
    expect(post?.body).toEqual({
      title: { ja: '利用満足度調査', en: 'Satisfaction' },
      description: { ja: '', en: '' },
      questions: [
        { id: 'q1', kind: 'likert5', text: { ja: '質問1', en: 'Question 1' }, options: [], required: true },
        {
          id: 'q2',
          kind: 'single',
          text: { ja: '質問2', en: 'Question 2' },
          options: [
            { id: 'o3', text: { ja: '翻訳', en: 'Translation' } },
            { id: 'o1', text: { ja: '文書作成', en: 'Drafting' } },
          ],
          required: true,
        },
        { id: 'q4', kind: 'text', text: { ja: '質問4', en: 'Question 4' }, options: [], required: false },
        { id: 'q3', kind: 'multiple', text: { ja: '質問3', en: 'Question 3' }, options: [{ id: 'o1', text: { ja: 'はい', en: 'Yes' } }, { id: 'o2', text: { ja: 'いいえ', en: 'No' } }], required: true },
      ],
      targetOrganizationIds: [ORGANIZATIONS[0].id],
      targetRoles: ['user'],
      opensAt: new Date('2099-04-01T09:00').toISOString(),
      closesAt: new Date('2099-04-15T17:00').toISOString(),
    });
    expect(router.currentRoute.value.fullPath).toBe(`/evaluation/surveys/${CREATED_ID}/edit`);
    expect(byTestId(wrapper, 'survey-editor-notice').text()).toBe('「利用満足度調査」を下書きとして保存しました。');

    // Saving again replaces the same draft.
    await byTestId(wrapper, 'survey-editor').trigger('submit');
    await flushPromises();
    expect(api.calls.at(-1)?.method).toBe('PUT');
  });

  it('checks the form before sending: each mistake beside its field and in the summary, which takes focus', async () => {
    const api = editorApi();
    const { wrapper } = await mountWithApp(SurveyEditorPage, { me: evaluator, path: '/evaluation/surveys/new' });
    await byTestId(wrapper, 'survey-add-kind').setValue('single');
    await byTestId(wrapper, 'survey-add-question').trigger('click');
    await fill(wrapper, 'survey-closesAt', '2000-01-01T00:00');
    await byTestId(wrapper, 'survey-editor').trigger('submit');
    await flushPromises();

    expect(api.calls.filter((call) => call.method !== 'GET')).toEqual([]);
    const summary = byTestId(wrapper, 'form-error');
    expect(document.activeElement).toBe(summary.element);
    expect(summary.text()).toContain('タイトル（日本語）: 必須です');
    expect(summary.text()).toContain('質問1 選択肢2（英語）: 必須です');
    expect(byTestId(wrapper, 'survey-title-ja-error').text()).toContain('必須です');
    expect(byTestId(wrapper, 'survey-closesAt-error').text()).toContain('開始日時より後にしてください');
    expect(byTestId(wrapper, 'survey-title-ja').attributes('aria-invalid')).toBe('true');
  });

  it('shows the API’s refusal beside the fields it names', async () => {
    editorApi({
      'POST /api/evaluation/surveys': () =>
        Response.json(
          {
            statusCode: 400,
            code: 'validation_failed',
            message: '入力内容に誤りがあります。',
            details: [
              { field: 'targetOrganizationIds.0', message: `targetOrganizationIds.0: 存在しないIDです（${ORGANIZATIONS[2].id}）` },
              { field: 'questions.0.text.en', message: 'questions.0.text.en: 200文字以内にしてください' },
            ],
          },
          { status: 400 },
        ),
    });
    const { wrapper } = await mountWithApp(SurveyEditorPage, { me: evaluator, path: '/evaluation/surveys/new' });
    await fill(wrapper, 'survey-title-ja', '調査');
    await fill(wrapper, 'survey-title-en', 'Survey');
    await byTestId(wrapper, 'survey-add-question').trigger('click');
    await fill(wrapper, 'survey-q-0-text-ja', '質問');
    await fill(wrapper, 'survey-q-0-text-en', 'Question');
    await byTestId(wrapper, 'survey-editor').trigger('submit');
    await flushPromises();

    const summary = byTestId(wrapper, 'form-error');
    expect(summary.text()).toContain('入力内容に誤りがあります。');
    expect(summary.text()).toContain('対象の組織: 存在しないIDです');
    expect(byTestId(wrapper, 'survey-targets-error').text()).toContain('存在しないIDです');
    expect(byTestId(wrapper, 'survey-q-0-text-en-error').text()).toContain('200文字以内にしてください');
    expect(document.activeElement).toBe(summary.element);
  });

  it('edits a stored draft and publishes it after confirmation, then returns to the list', async () => {
    const api = editorApi({
      [`GET /api/evaluation/surveys/${DRAFT.id}`]: () => Response.json(DRAFT),
      [`PUT /api/evaluation/surveys/${DRAFT.id}`]: (call) => Response.json({ ...DRAFT, ...(call.body as Partial<SurveyView>) }),
      [`POST /api/evaluation/surveys/${DRAFT.id}/publish`]: () => Response.json({ ...DRAFT, status: 'published' }),
    });
    const { wrapper, router } = await mountWithApp(SurveyEditorPage, { me: evaluator, path: `/evaluation/surveys/${DRAFT.id}/edit`, props: { id: DRAFT.id } });
    expect(wrapper.find('h1').text()).toBe('アンケートの編集（下書き）');
    expect((byTestId(wrapper, 'survey-title-ja').element as HTMLInputElement).value).toBe('窓口業務の調査');
    expect((byTestId(wrapper, 'survey-q-1-option-1-ja').element as HTMLInputElement).value).toBe('要約');

    await byTestId(wrapper, 'survey-save-publish').trigger('click');
    await flushPromises();
    document.querySelector<HTMLButtonElement>('[data-testid="confirm-accept"]')?.click();
    await flushPromises();

    expect(api.calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`)).toEqual([
      `PUT /api/evaluation/surveys/${DRAFT.id}`,
      `POST /api/evaluation/surveys/${DRAFT.id}/publish`,
    ]);
    expect((api.calls.find((call) => call.method === 'PUT')?.body as SurveyView).questions.map((question) => question.id)).toEqual(['q1', 'q2']);
    // The list page is its own chunk: the navigation ends once it is loaded.
    await vi.waitUntil(() => router.currentRoute.value.name === 'evaluation-surveys');
    expect(takeSurveyNotice()).toBe('「窓口業務の調査」を公開しました。');
  });

  it('deletes a stored draft after confirmation and returns to the list, which announces it', async () => {
    const api = editorApi({
      [`GET /api/evaluation/surveys/${DRAFT.id}`]: () => Response.json(DRAFT),
      [`DELETE /api/evaluation/surveys/${DRAFT.id}`]: () => new Response(null, { status: 204 }),
    });
    const { wrapper, router } = await mountWithApp(SurveyEditorPage, { me: evaluator, path: `/evaluation/surveys/${DRAFT.id}/edit`, props: { id: DRAFT.id } });
    await byTestId(wrapper, 'survey-discard').trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-testid="confirm-text"]')?.textContent).toBe('下書き「窓口業務の調査」を削除しますか？削除すると元に戻せません。');
    document.querySelector<HTMLButtonElement>('[data-testid="confirm-cancel"]')?.click();
    await flushPromises();
    expect(api.calls.filter((call) => call.method !== 'GET')).toEqual([]);

    await byTestId(wrapper, 'survey-discard').trigger('click');
    await flushPromises();
    document.querySelector<HTMLButtonElement>('[data-testid="confirm-accept"]')?.click();
    await flushPromises();
    expect(api.calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`)).toEqual([`DELETE /api/evaluation/surveys/${DRAFT.id}`]);
    await vi.waitUntil(() => router.currentRoute.value.name === 'evaluation-surveys');
    expect(takeSurveyNotice()).toBe('「窓口業務の調査」を削除しました。');
  });

  it('offers no 削除 for a survey not yet stored', async () => {
    editorApi();
    const { wrapper } = await mountWithApp(SurveyEditorPage, { me: evaluator, path: '/evaluation/surveys/new' });
    expect(byTestId(wrapper, 'survey-save').exists()).toBe(true);
    expect(byTestId(wrapper, 'survey-discard').exists()).toBe(false);
  });

  it('does not publish a survey without questions', async () => {
    const api = editorApi();
    const { wrapper } = await mountWithApp(SurveyEditorPage, { me: evaluator, path: '/evaluation/surveys/new' });
    await fill(wrapper, 'survey-title-ja', '調査');
    await fill(wrapper, 'survey-title-en', 'Survey');
    await byTestId(wrapper, 'survey-save-publish').trigger('click');
    await flushPromises();
    expect(byTestId(wrapper, 'survey-add-kind-error').text()).toContain('公開するには質問が1つ以上必要です');
    expect(api.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });

  it('says a published survey can no longer be edited and links to its results', async () => {
    editorApi({ [`GET /api/evaluation/surveys/${OPEN.id}`]: () => Response.json(OPEN) });
    const { wrapper } = await mountWithApp(SurveyEditorPage, { me: evaluator, path: `/evaluation/surveys/${OPEN.id}/edit`, props: { id: OPEN.id } });
    expect(byTestId(wrapper, 'survey-editor').exists()).toBe(false);
    expect(byTestId(wrapper, 'survey-frozen').text()).toContain('「生成AIの利用満足度調査」は公開中のため編集できません。');
    expect(byTestId(wrapper, 'survey-frozen').find('a').attributes('href')).toBe(`/evaluation/surveys/${OPEN.id}/results`);
  });
});
