import { z } from 'zod';
import { TASK_CATEGORY_SOURCES, type TaskCategorySource } from './evaluation';

/**
 * Task categories of conversations and battles as administrators review them (管理 → タスク分類). Category ids are
 * TASK_CATEGORIES of @gennai/task-category; the API checks them (contracts do not depend on the classifier).
 */
export const TASK_CATEGORY_ITEM_KINDS = ['conversation', 'battle'] as const;
export type TaskCategoryItemKind = (typeof TASK_CATEGORY_ITEM_KINDS)[number];
/** The longest category id the columns hold (task_category varchar(32)). */
const CATEGORY_ID_MAX = 32;
export const TASK_CATEGORY_PAGE_MAX = 100;
export const TASK_CATEGORY_COUNT_DAYS_MAX = 366;

/** PUT /api/evaluation/task-categories/:kind/:id */
export const changeTaskCategorySchema = z.strictObject({
  category: z.string().trim().min(1).max(CATEGORY_ID_MAX),
});
export type ChangeTaskCategoryRequest = z.infer<typeof changeTaskCategorySchema>;

/** GET /api/evaluation/task-categories — newest first across conversations and battles. */
export const listTaskCategoriesQuerySchema = z.strictObject({
  kind: z.enum(TASK_CATEGORY_ITEM_KINDS).optional(),
  category: z.string().trim().min(1).max(CATEGORY_ID_MAX).optional(),
  source: z.enum(TASK_CATEGORY_SOURCES).optional(),
  organizationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(TASK_CATEGORY_PAGE_MAX).default(50),
  /** Cursor: `nextBefore` of the previous page. */
  before: z.string().max(100).optional(),
});
export type ListTaskCategoriesQuery = z.infer<typeof listTaskCategoriesQuerySchema>;

/** GET /api/evaluation/task-categories/counts */
export const taskCategoryCountsQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(TASK_CATEGORY_COUNT_DAYS_MAX).default(30),
  organizationId: z.uuid().optional(),
});
export type TaskCategoryCountsQuery = z.infer<typeof taskCategoryCountsQuerySchema>;

/** One conversation or battle as the review page lists it: what it is and where, never what was said. */
export interface TaskCategoryItemView {
  kind: TaskCategoryItemKind;
  id: string;
  organization: { id: string; name: string };
  /** The conversation's model, or the battle's two (left, right). */
  modelIds: string[];
  category: string;
  source: TaskCategorySource;
  createdAt: string;
}

export interface TaskCategoryPageView {
  items: TaskCategoryItemView[];
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: string | null;
}

export interface TaskCategoryCountView {
  category: string;
  conversations: number;
  battles: number;
}

export interface TaskCategoryCountsView {
  days: number;
  counts: TaskCategoryCountView[];
}
