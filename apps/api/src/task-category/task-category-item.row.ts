import type { TaskCategoryItemKind, TaskCategoryItemView, TaskCategorySource } from '@gennai/contracts';

/**
 * Where each kind of categorised item lives. Both tables carry `organization_id`, `task_category`,
 * `task_category_source` and `created_at`; they differ in how many models answered.
 */
export const ITEM_TABLES: Readonly<Record<TaskCategoryItemKind, { table: string; models: string }>> = {
  conversation: { table: 'conversations', models: 'ARRAY[t.model_id]::text[]' },
  battle: { table: 'battles', models: 'ARRAY[t.model_a, t.model_b]::text[]' },
};

/** One item as the list query selects it. */
export interface TaskCategoryItemRow {
  kind: TaskCategoryItemKind;
  id: string;
  organization_id: string;
  organization_name: string;
  model_ids: string[];
  category: string;
  source: TaskCategorySource;
  created_at: Date;
}

/** An item as stored: a conversation has no category before its first message is classified. */
export type StoredTaskCategoryItemRow = Omit<TaskCategoryItemRow, 'category' | 'source'> & { category: string | null; source: TaskCategorySource | null };

export function toTaskCategoryItemView(row: TaskCategoryItemRow): TaskCategoryItemView {
  return {
    kind: row.kind,
    id: row.id,
    organization: { id: row.organization_id, name: row.organization_name },
    modelIds: row.model_ids,
    category: row.category,
    source: row.source,
    createdAt: row.created_at.toISOString(),
  };
}

/** The list's cursor: the last item's creation instant and id (items are ordered by both, newest first). */
export function encodeCursor(row: Pick<TaskCategoryItemRow, 'created_at' | 'id'>): string {
  return `${row.created_at.toISOString()}_${row.id}`;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The cursor's parts, or null when it is not one this API gave out. */
export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  const match = CURSOR.exec(cursor);
  return match ? { createdAt: match[1], id: match[2].toLowerCase() } : null;
}
