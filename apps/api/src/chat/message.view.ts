import {
  ERROR_MESSAGES,
  type ConversationSummaryView,
  type ErrorCode,
  type Locale,
  type MessageView,
} from '@gennai/contracts';
import type { AnswerRating } from '../rating/answer-rating.entity';
import { toRatingView } from '../rating/rating.view';
import type { Conversation } from './entities/conversation.entity';
import type { Message } from './entities/message.entity';

/** Failures a user can retry: every stored error code is one of these. */
const RETRYABLE = new Set<string>(['upstream_rate_limited', 'upstream_unavailable', 'upstream_timeout', 'upstream_bad_response', 'interrupted', 'internal_error']);

export function toMessageView(message: Message, locale: Locale, rating?: AnswerRating | null): MessageView {
  const code = message.errorCode as ErrorCode | null;
  return {
    id: message.id,
    conversationId: message.conversationId,
    role: message.role,
    content: message.content,
    status: message.status,
    modelId: message.modelId,
    error:
      message.status === 'failed' && code
        ? { code, message: (ERROR_MESSAGES[code] ?? ERROR_MESSAGES.internal_error)[locale], retryable: RETRYABLE.has(code) }
        : null,
    createdAt: message.createdAt.toISOString(),
    rating: rating ? toRatingView(rating) : null,
    piiHandling: message.piiHandling,
  };
}

export function toConversationSummary(conversation: Conversation): ConversationSummaryView {
  return {
    id: conversation.id,
    title: conversation.title,
    modelId: conversation.modelId,
    informationClass: conversation.informationClass,
    taskCategory: conversation.taskCategory,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
  };
}
