import type { TaskCategoryCountsView, TaskCategoryItemView, TaskCategoryPageView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import TaskCategoriesPage from './TaskCategoriesPage.vue';

const CONVERSATION: TaskCategoryItemView = {
  kind: 'conversation',
  id: '0193a000-0000-7000-8000-0000000000c1',
  organization: { id: '0193a000-0000-7000-8000-0000000000a1', name: 'デジタル庁' },
  modelIds: ['llm-jp'],
  category: 'qa',
  source: 'rules',
  createdAt: '2026-11-28T10:00:00.000Z',
};
const BATTLE: TaskCategoryItemView = { ...CONVERSATION, kind: 'battle', id: '0193a000-0000-7000-8000-0000000000b1', modelIds: ['llm-jp', 'plamo'], category: 'translation', source: 'judge' };
const COUNTS: TaskCategoryCountsView = { days: 30, counts: [{ category: 'qa', conversations: 12, battles: 3 }, { category: 'translation', conversations: 0, battles: 1 }] };

function pageApi(page: TaskCategoryPageView = { items: [CONVERSATION, BATTLE], nextBefore: null }) {
  return fakeApi({
    'GET /api/evaluation/task-categories': () => Response.json(page),
    'GET /api/evaluation/task-categories/counts': () => Response.json(COUNTS),
    [`PUT /api/evaluation/task-categories/conversation/${CONVERSATION.id}`]: (call) =>
      Response.json({ ...CONVERSATION, category: (call.body as { category: string }).category, source: 'admin' } satisfies TaskCategoryItemView),
  });
}

async function mountPage() {
  const { wrapper } = await mountWithApp(TaskCategoriesPage, { path: '/admin/task-categories', me: signedInAs(['user', 'evaluator']) });
  return wrapper;
}

describe('TaskCategoriesPage', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('is in the 管理 menu for an evaluator', async () => {
    pageApi();
    const wrapper = await mountPage();
    expect(wrapper.get('[data-testid="admin-nav-task-categories"]').attributes('aria-current')).toBe('page');
  });

  it('shows the counts per category and the newest items with who set each category, without any text', async () => {
    pageApi();
    const wrapper = await mountPage();
    expect(wrapper.get('[data-testid="task-category-count-qa"]').text()).toContain('質問・相談');
    expect(wrapper.get('[data-testid="task-category-count-qa"]').findAll('td').map((td) => td.text())).toEqual(['12', '3']);
    const battle = wrapper.get(`[data-testid="task-category-row-${BATTLE.id}"]`);
    expect(battle.text()).toContain('比較');
    expect(battle.text()).toContain('llm-jp / plamo');
    expect(battle.text()).toContain('自動（判定モデル）');
    expect((wrapper.get(`[data-testid="task-category-select-${BATTLE.id}"]`).element as HTMLSelectElement).value).toBe('translation');
  });

  it('changes a category in place, labelled per row, and says so', async () => {
    const api = pageApi();
    const wrapper = await mountPage();
    const select = wrapper.get(`[data-testid="task-category-select-${CONVERSATION.id}"]`);
    expect(select.attributes('aria-label')).toMatch(/^会話（.+）の分類$/);
    await select.setValue('coding');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'PUT')).toMatchObject({ path: `/api/evaluation/task-categories/conversation/${CONVERSATION.id}`, body: { category: 'coding' } });
    expect(wrapper.get(`[data-testid="task-category-source-${CONVERSATION.id}"]`).text()).toBe('管理者');
    expect(wrapper.get('[data-testid="admin-notice"]').text()).toBe('分類を「コーディング」に変更しました。');
  });

  it('filters by category and pages on with the cursor', async () => {
    const api = pageApi({ items: [CONVERSATION], nextBefore: 'cursor-1' });
    const wrapper = await mountPage();
    await wrapper.get('[data-testid="task-category-filter-category"]').setValue('qa');
    await wrapper.get('[data-testid="task-category-filter"]').trigger('submit');
    await flushPromises();
    await wrapper.get('[data-testid="task-category-more"]').trigger('click');
    await flushPromises();
    const lists = api.calls.filter((c) => c.path.startsWith('/api/evaluation/task-categories?')).map((c) => c.path);
    expect(lists).toEqual([
      '/api/evaluation/task-categories?limit=50',
      '/api/evaluation/task-categories?limit=50&category=qa',
      '/api/evaluation/task-categories?limit=50&category=qa&before=cursor-1',
    ]);
  });
});
