// Zod-free, so the web app can import the tags and their labels without bringing zod into its bundle
// (see gateway-constants.ts). ratings.ts builds the request schema from these.
import type { Locale } from './locale';

export const RATING_VALUES = ['like', 'dislike'] as const;
export type RatingValue = (typeof RATING_VALUES)[number];
export const RATING_COMMENT_MAX_CHARS = 2000;

/**
 * Why an answer was liked or disliked (issue #5, item 1): the reasons evaluators and vendors read per model, so each
 * names something a model can do better. A tag belongs to one polarity; ids are stable (stored with the rating and
 * exported to vendors), labels may change.
 */
export const RATING_TAGS = {
  like: ['accurate', 'clear', 'helpful', 'natural_japanese', 'fast'],
  dislike: ['inaccurate', 'unnatural_japanese', 'ignored_instructions', 'slow', 'too_long', 'unhelpful', 'unsafe'],
} as const satisfies Record<RatingValue, readonly string[]>;

export type LikeTag = (typeof RATING_TAGS.like)[number];
export type DislikeTag = (typeof RATING_TAGS.dislike)[number];
export type RatingTag = LikeTag | DislikeTag;

/** Every tag of both polarities: the most a request may carry. */
export const RATING_TAGS_MAX = RATING_TAGS.like.length + RATING_TAGS.dislike.length;

export const RATING_TAG_LABELS: Readonly<Record<Locale, Readonly<Record<RatingTag, string>>>> = {
  ja: {
    accurate: '正確',
    clear: '分かりやすい',
    helpful: '役に立つ',
    natural_japanese: '自然な日本語',
    fast: '速い',
    inaccurate: '誤り',
    unnatural_japanese: '不自然な日本語',
    ignored_instructions: '指示に従わない',
    slow: '遅い',
    too_long: '長すぎる',
    unhelpful: '役に立たない',
    unsafe: '不適切な内容',
  },
  en: {
    accurate: 'Accurate',
    clear: 'Easy to understand',
    helpful: 'Helpful',
    natural_japanese: 'Natural Japanese',
    fast: 'Fast',
    inaccurate: 'Contains errors',
    unnatural_japanese: 'Unnatural Japanese',
    ignored_instructions: 'Did not follow instructions',
    slow: 'Slow',
    too_long: 'Too long',
    unhelpful: 'Not helpful',
    unsafe: 'Inappropriate content',
  },
};

/** How the polarities read in messages (「いいね」の理由には…). */
export const RATING_VALUE_LABELS: Readonly<Record<Locale, Readonly<Record<RatingValue, string>>>> = {
  ja: { like: 'いいね', dislike: 'よくない' },
  en: { like: 'Like', dislike: 'Dislike' },
};

export function isRatingTag(value: unknown): value is RatingTag {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RATING_TAG_LABELS.ja, value);
}

/** The first tag that may not go with this polarity (unknown, or a reason of the other one); undefined when all may. */
export function disallowedRatingTag(value: RatingValue, tags: readonly string[]): string | undefined {
  const allowed: readonly string[] = RATING_TAGS[value];
  return tags.find((tag) => !allowed.includes(tag));
}

/**
 * The tags as stored: each once, in the order RATING_TAGS lists them, so the same choice always reads the same
 * (the order the chips were clicked in says nothing). Call after disallowedRatingTag found nothing.
 */
export function canonicalRatingTags(value: RatingValue, tags: readonly string[]): RatingTag[] {
  const chosen = new Set(tags);
  return RATING_TAGS[value].filter((tag) => chosen.has(tag));
}
