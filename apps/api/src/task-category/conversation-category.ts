import type { TaskCategoryItemKind, TaskCategorySource } from '@gennai/contracts';
import { classifyConversation, type TaskCategory } from '@gennai/task-category';
import type { EntityManager } from 'typeorm';
import { ITEM_TABLES } from './task-category-item.row';

/**
 * User messages the classifier reads, from the first. A conversation is about its first real request; each later
 * message weighs half the one before (FOLLOW_UP_WEIGHT), so by the twentieth a message no longer moves the result —
 * and the cost of a send stays flat however long the conversation grows.
 */
export const CLASSIFIED_USER_MESSAGES = 20;

/**
 * Classifies the conversation again from its user messages (call after storing one, in the same transaction) and
 * stores the category with source `rules`. A category an administrator set (`admin`) or an LLM judge refined
 * (`judge`) is kept: the offline rules never overwrite a better-informed decision.
 */
export async function categorizeConversation(manager: EntityManager, conversationId: string): Promise<void> {
  const rows = (await manager.query(
    `SELECT content FROM messages WHERE conversation_id = $1 AND role = 'user' ORDER BY created_at, id LIMIT $2`,
    [conversationId, CLASSIFIED_USER_MESSAGES],
  )) as { content: string }[];
  const { category } = classifyConversation(rows.map((row) => row.content));
  await manager.query(
    `UPDATE conversations SET task_category = $2, task_category_source = 'rules'
      WHERE id = $1 AND (task_category_source IS NULL OR task_category_source = 'rules') AND task_category IS DISTINCT FROM $2`,
    [conversationId, category],
  );
}

/**
 * Stores a category decided by an administrator or the judge, on a conversation or a battle. A conversation's ratings
 * take the corrected category too: they carry it so satisfaction can be read per category without a join, and a
 * correction is what that reading should use.
 */
export async function storeCategory(
  manager: EntityManager,
  kind: TaskCategoryItemKind,
  id: string,
  category: TaskCategory,
  source: Exclude<TaskCategorySource, 'rules'>,
): Promise<void> {
  await manager.query(`UPDATE ${ITEM_TABLES[kind].table} SET task_category = $2, task_category_source = $3 WHERE id = $1`, [id, category, source]);
  if (kind === 'conversation') {
    await manager.query(
      `UPDATE answer_ratings r SET task_category = $2 FROM messages m
        WHERE m.conversation_id = $1 AND r.message_id = m.id AND r.task_category IS DISTINCT FROM $2`,
      [id, category],
    );
  }
}
