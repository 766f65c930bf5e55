import type { TaskCategoryCountsView, TaskCategoryItemKind, TaskCategoryItemView, TaskCategoryPageView, TaskCategorySource } from '@gennai/contracts';
import { api } from '../../shared/api-client';

export interface TaskCategoryFilter {
  kind: TaskCategoryItemKind | '';
  category: string;
  source: TaskCategorySource | '';
}

const BASE = '/api/evaluation/task-categories';
export const PAGE_SIZE = 50;
export const COUNT_DAYS = 30;

export function listTaskCategories(filter: TaskCategoryFilter, before: string | null): Promise<TaskCategoryPageView> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (filter.kind) query.set('kind', filter.kind);
  if (filter.category) query.set('category', filter.category);
  if (filter.source) query.set('source', filter.source);
  if (before) query.set('before', before);
  return api.get<TaskCategoryPageView>(`${BASE}?${query}`);
}

export function taskCategoryCounts(): Promise<TaskCategoryCountsView> {
  return api.get<TaskCategoryCountsView>(`${BASE}/counts?days=${COUNT_DAYS}`);
}

export function changeTaskCategory(item: Pick<TaskCategoryItemView, 'kind' | 'id'>, category: string): Promise<TaskCategoryItemView> {
  return api.put<TaskCategoryItemView>(`${BASE}/${item.kind}/${encodeURIComponent(item.id)}`, { category });
}
