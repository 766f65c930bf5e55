import type { RatingTag, RatingValue, RatingView } from '@gennai/contracts';
import { api } from '../../shared/api-client';

const ratingPath = (messageId: string) => `/api/messages/${encodeURIComponent(messageId)}/rating`;

/** Replaces the caller's rating of the answer: value, reasons and comment together. */
export function rateAnswer(messageId: string, value: RatingValue, tags: readonly RatingTag[], comment: string | null): Promise<RatingView> {
  return api.put<RatingView>(ratingPath(messageId), { value, tags, comment });
}

export function removeRating(messageId: string): Promise<void> {
  return api.delete(ratingPath(messageId));
}
