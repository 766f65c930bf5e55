import { describe, expect, it } from 'vitest';
import { ApiException } from '../http/api.exception';
import { assertRatingTagsAllowed } from './rating-tags.check';

function refusal(run: () => void): ApiException {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiException) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('assertRatingTagsAllowed', () => {
  it('lets the reasons of the chosen polarity through', () => {
    expect(() => assertRatingTagsAllowed('like', ['accurate', 'fast'])).not.toThrow();
    expect(() => assertRatingTagsAllowed('dislike', [])).not.toThrow();
  });

  it('names a reason of the other polarity by its label in both languages', () => {
    const error = refusal(() => assertRatingTagsAllowed('like', ['clear', 'slow']));
    expect(error).toMatchObject({ statusCode: 400, code: 'rating_tag_not_allowed' });
    expect(error.params).toEqual({ tag: { ja: '遅い', en: 'Slow' }, value: { ja: 'いいね', en: 'Like' } });
  });

  it('names an unknown reason as it was sent', () => {
    const error = refusal(() => assertRatingTagsAllowed('dislike', ['boring']));
    expect(error.params.tag).toBe('boring');
  });
});
