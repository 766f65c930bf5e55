import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from './locale';
import { canonicalRatingTags, disallowedRatingTag, isRatingTag, RATING_TAG_LABELS, RATING_TAGS } from './rating-tags';
import { rateAnswerSchema } from './ratings';

describe('rating reason tags', () => {
  it('accepts the reasons of the chosen polarity', () => {
    expect(disallowedRatingTag('like', ['accurate', 'natural_japanese'])).toBeUndefined();
    expect(disallowedRatingTag('dislike', ['ignored_instructions', 'too_long'])).toBeUndefined();
    expect(disallowedRatingTag('like', [])).toBeUndefined();
  });

  it('names the first reason of the other polarity', () => {
    expect(disallowedRatingTag('like', ['accurate', 'slow', 'inaccurate'])).toBe('slow');
    expect(disallowedRatingTag('dislike', ['fast'])).toBe('fast');
  });

  it('names an unknown reason, including the name of an object property', () => {
    expect(disallowedRatingTag('like', ['great'])).toBe('great');
    expect(disallowedRatingTag('dislike', ['constructor'])).toBe('constructor');
    expect(isRatingTag('toString')).toBe(false);
  });

  it('stores each reason once, in catalogue order', () => {
    expect(canonicalRatingTags('dislike', ['unsafe', 'slow', 'unsafe', 'inaccurate'])).toEqual(['inaccurate', 'slow', 'unsafe']);
  });

  it('keeps the two polarities apart and labels every tag in every language', () => {
    const like: readonly string[] = RATING_TAGS.like;
    expect(RATING_TAGS.dislike.filter((tag) => like.includes(tag))).toEqual([]);
    for (const locale of SUPPORTED_LOCALES) {
      expect(Object.keys(RATING_TAG_LABELS[locale]).sort()).toEqual([...RATING_TAGS.like, ...RATING_TAGS.dislike].sort());
    }
  });

  it('takes tags as optional in the request', () => {
    expect(rateAnswerSchema.parse({ value: 'like' })).toEqual({ value: 'like' });
    expect(rateAnswerSchema.safeParse({ value: 'like', tags: 'accurate' }).success).toBe(false);
  });
});
