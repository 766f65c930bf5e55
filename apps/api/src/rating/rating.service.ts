import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RateAnswerRequest, RatingView } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { Message } from '../chat/entities/message.entity';
import { toRatingView } from '../chat/message.view';
import { uuidv7 } from '../database/uuid-v7';
import { ApiException } from '../http/api.exception';
import { type Caller, ownedBy } from '../identity/caller';
import { AnswerRating } from './answer-rating.entity';

/** Like / dislike of an answer: one rating per user per answer, changeable, with the answering model. */
@Injectable()
export class RatingService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rate(caller: Caller, messageId: string, request: RateAnswerRequest): Promise<RatingView> {
    const message = await this.ratableAnswer(caller, messageId);
    const now = new Date();
    const [row] = (await this.dataSource.query(
      `INSERT INTO answer_ratings (id, message_id, organization_id, user_id, model_id, value, comment, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (message_id, user_id) DO UPDATE SET value = EXCLUDED.value, comment = EXCLUDED.comment, updated_at = EXCLUDED.updated_at
       RETURNING value, comment, updated_at`,
      [uuidv7(now.getTime()), message.id, caller.organizationId, caller.userId, message.modelId, request.value, request.comment || null, now],
    )) as { value: AnswerRating['value']; comment: string | null; updated_at: Date }[];
    return toRatingView({ value: row.value, comment: row.comment, updatedAt: row.updated_at });
  }

  async remove(caller: Caller, messageId: string): Promise<void> {
    await this.ownedMessage(caller, messageId);
    await this.dataSource.getRepository(AnswerRating).delete({ messageId, userId: caller.userId });
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
