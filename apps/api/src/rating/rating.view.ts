import type { RatingTag, RatingView } from '@gennai/contracts';
import type { AnswerRating } from './answer-rating.entity';

export function toRatingView(rating: Pick<AnswerRating, 'value' | 'tags' | 'comment' | 'updatedAt'>): RatingView {
  // Stored tags were checked against RATING_TAGS when written (rating.service.ts).
  return { value: rating.value, tags: rating.tags as RatingTag[], comment: rating.comment, updatedAt: rating.updatedAt.toISOString() };
}
