import { z } from 'zod';
import type { InformationClass } from './gateway';
import type { PiiHandling } from './pii-guard';
import type { RatingView } from './ratings';

export const CONVERSATION_TITLE_MAX_CHARS = 200;
/** Default upper bound for one message; the API's limit is configurable (GENNAI_MAX_MESSAGE_CHARS). */
export const DEFAULT_MESSAGE_MAX_CHARS = 32000;

export const uuidSchema = z.uuid();

/** POST /api/conversations */
export const createConversationSchema = z.strictObject({
  modelId: z.string().trim().min(1).max(200),
  title: z.string().trim().min(1).max(CONVERSATION_TITLE_MAX_CHARS).optional(),
  /** 機密性 of what the user will enter; defaults to the organisation's class. */
  informationClass: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
});
export type CreateConversationRequest = z.infer<typeof createConversationSchema>;

/** POST /api/conversations/:id/messages (the answer streams back as server-sent events). */
export const sendMessageSchema = z.strictObject({
  content: z.string().trim().min(1),
  /** The user has seen the PII warning (pii_confirmation_required) and sends the message as typed. */
  confirmPii: z.boolean().optional(),
});
export type SendMessageRequest = z.infer<typeof sendMessageSchema>;

/** GET /api/conversations query. */
export const listConversationsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** Cursor: ISO timestamp of the last item of the previous page (updatedAt). */
  before: z.iso.datetime().optional(),
});
export type ListConversationsQuery = z.infer<typeof listConversationsQuerySchema>;

export type MessageRole = 'user' | 'assistant';
/** `pending`: stored, the model is writing; `complete`; `failed`: see `error`, retryable. */
export type MessageStatus = 'pending' | 'complete' | 'failed';

export interface MessageErrorView {
  code: string;
  message: string;
  retryable: boolean;
}

export interface MessageView {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  modelId: string | null;
  error: MessageErrorView | null;
  createdAt: string;
  /** The caller's own rating of this answer (assistant messages only). */
  rating: RatingView | null;
  /**
   * A user's message the PII guard let through: `masked` — the model received it with personal data replaced by
   * placeholders (the text here is what the user typed); `confirmed` — the user chose to send it as typed.
   */
  piiHandling: PiiHandling | null;
}

export interface ConversationSummaryView {
  id: string;
  title: string;
  modelId: string;
  informationClass: InformationClass;
  /** What the user asks for in it (TASK_CATEGORIES of @gennai/task-category); null before the first message. */
  taskCategory: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConversationDetailView extends ConversationSummaryView {
  messages: MessageView[];
}

export interface ConversationPageView {
  items: ConversationSummaryView[];
  /** Pass as `before` to get the next page; null on the last page. */
  nextBefore: string | null;
}
