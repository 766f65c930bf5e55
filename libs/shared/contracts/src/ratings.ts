import { z } from 'zod';

export const RATING_VALUES = ['like', 'dislike'] as const;
export type RatingValue = (typeof RATING_VALUES)[number];
export const RATING_COMMENT_MAX_CHARS = 2000;

/** PUT /api/messages/:messageId/rating */
export const rateAnswerSchema = z.strictObject({
  value: z.enum(RATING_VALUES),
  comment: z.string().trim().max(RATING_COMMENT_MAX_CHARS).nullish(),
});
export type RateAnswerRequest = z.infer<typeof rateAnswerSchema>;

export interface RatingView {
  value: RatingValue;
  comment: string | null;
  updatedAt: string;
}
