import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { canonicalRatingTags, type RateAnswerRequest, type RatingView } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { Message } from '../chat/entities/message.entity';
import { uuidv7 } from '../database/uuid-v7';
import { ApiException } from '../http/api.exception';
import { type Caller, ownedBy } from '../identity/caller';
import type { AnswerRating } from './answer-rating.entity';
import { assertRatingTagsAllowed } from './rating-tags.check';
import { toRatingView } from './rating.view';

/** Where a chat answer was given: ratings are read per app (chat, arena, …) by the evaluation pages. */
const CHAT_APP = 'chat';

interface StoredRatingRow {
  value: AnswerRating['value'];
  tags: string[];
  comment: string | null;
  updated_at: Date;
}

/**
 * Like / dislike of an answer with reason tags and a comment: one rating per user per answer, with the model that wrote
 * it, the app and the conversation's task category at the time. Rating again replaces all of it (value, tags, comment).
 */
@Injectable()
export class RatingService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rate(caller: Caller, messageId: string, request: RateAnswerRequest): Promise<RatingView> {
    const requestedTags = request.tags ?? [];
    // Checked before anything is read: a bad tag is refused the same way whether or not the answer exists.
    assertRatingTagsAllowed(request.value, requestedTags);
    const message = await this.ratableAnswer(caller, messageId);
    const now = new Date();
    // The category is read in the same statement, so the rating carries the conversation's category as it is now.
    const [row] = (await this.dataSource.query(
      `INSERT INTO answer_ratings (id, message_id, organization_id, user_id, model_id, value, tags, comment, app, task_category, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT task_category FROM conversations WHERE id = $10), $11, $11)
       ON CONFLICT (message_id, user_id) DO UPDATE SET value = EXCLUDED.value, tags = EXCLUDED.tags, comment = EXCLUDED.comment,
         task_category = EXCLUDED.task_category, updated_at = EXCLUDED.updated_at
       RETURNING value, tags, comment, updated_at`,
      [
        uuidv7(now.getTime()),
        message.id,
        caller.organizationId,
        caller.userId,
        message.modelId,
        request.value,
        canonicalRatingTags(request.value, requestedTags),
        request.comment || null,
        CHAT_APP,
        message.conversationId,
        now,
      ],
    )) as StoredRatingRow[];
    return toRatingView({ value: row.value, tags: row.tags, comment: row.comment, updatedAt: row.updated_at });
  }

  async remove(caller: Caller, messageId: string): Promise<void> {
    await this.ownedMessage(caller, messageId);
    await this.dataSource.query('DELETE FROM answer_ratings WHERE message_id = $1 AND user_id = $2', [messageId, caller.userId]);
  }

  private async ownedMessage(caller: Caller, messageId: string): Promise<Message> {
    const message = await this.dataSource.getRepository(Message).findOneBy({ id: messageId, ...ownedBy(caller) });
    if (!message) throw ApiException.notFound('message');
    return message;
  }

  private async ratableAnswer(caller: Caller, messageId: string): Promise<Message & { modelId: string }> {
    const message = await this.ownedMessage(caller, messageId);
    if (message.role !== 'assistant' || !message.modelId) throw new ApiException(400, 'not_an_answer');
    if (message.status !== 'complete') throw new ApiException(409, 'answer_not_complete');
    return message as Message & { modelId: string };
  }
}
