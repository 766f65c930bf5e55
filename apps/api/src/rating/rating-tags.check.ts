import { disallowedRatingTag, isRatingTag, RATING_TAG_LABELS, RATING_VALUE_LABELS, type RatingValue } from '@gennai/contracts';
import { ApiException } from '../http/api.exception';

/**
 * Refuses (400 rating_tag_not_allowed) a rating whose tags include one of the other polarity or an unknown one, naming
 * that tag as the caller reads it: its label when it is a known tag, the id as sent otherwise.
 */
export function assertRatingTagsAllowed(value: RatingValue, tags: readonly string[]): void {
  const tag = disallowedRatingTag(value, tags);
  if (tag === undefined) return;
  throw new ApiException(400, 'rating_tag_not_allowed', {
    tag: isRatingTag(tag) ? { ja: RATING_TAG_LABELS.ja[tag], en: RATING_TAG_LABELS.en[tag] } : tag,
    value: { ja: RATING_VALUE_LABELS.ja[value], en: RATING_VALUE_LABELS.en[value] },
  });
}
