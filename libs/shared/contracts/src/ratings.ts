import { z } from 'zod';
import { RATING_COMMENT_MAX_CHARS, RATING_TAGS_MAX, RATING_VALUES, type RatingTag, type RatingValue } from './rating-tags';

// Defined in the zod-free rating-tags.ts (the web imports them); re-exported where they used to live.
export { RATING_COMMENT_MAX_CHARS, RATING_VALUES, type RatingValue };

/**
 * PUT /api/messages/:messageId/rating — replaces the caller's rating of the answer (value, tags and comment together).
 * Which tags may go with which value is checked by the API (rating_tag_not_allowed names the tag), not here: the
 * message must name the tag in the caller's language.
 */
export const rateAnswerSchema = z.strictObject({
  value: z.enum(RATING_VALUES),
  tags: z.array(z.string().max(64)).max(RATING_TAGS_MAX).optional(),
  comment: z.string().trim().max(RATING_COMMENT_MAX_CHARS).nullish(),
});
export type RateAnswerRequest = z.infer<typeof rateAnswerSchema>;

export interface RatingView {
  value: RatingValue;
  /** Reasons chosen, in RATING_TAGS order; all of the value's polarity. */
  tags: RatingTag[];
  comment: string | null;
  updatedAt: string;
}
