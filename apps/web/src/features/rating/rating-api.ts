import type { RatingValue, RatingView } from '@gennai/contracts';
import { api } from '../../shared/api-client';

const ratingPath = (messageId: string) => `/api/messages/${encodeURIComponent(messageId)}/rating`;

export function rateAnswer(messageId: string, value: RatingValue, comment: string | null): Promise<RatingView> {
  return api.put<RatingView>(ratingPath(messageId), { value, comment });
}

export function removeRating(messageId: string): Promise<void> {
  return api.delete(ratingPath(messageId));
}
