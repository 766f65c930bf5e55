import type { RatingView } from '@gennai/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../i18n';
import { fakeApi } from '../../testing/fake-api';
import RatingButtons from './RatingButtons.vue';

const MESSAGE_ID = '0193a000-0000-7000-8000-000000000002';
const PATH = `/api/messages/${MESSAGE_ID}/rating`;

function ratingApi() {
  return fakeApi({
    [`PUT ${PATH}`]: (call) => Response.json({ ...(call.body as object), updatedAt: '2026-11-28T10:00:00.000Z' } satisfies Partial<RatingView>),
    [`DELETE ${PATH}`]: () => new Response(null, { status: 204 }),
  });
}

function mountButtons(rating: RatingView | null = null) {
  return mount(RatingButtons, { props: { messageId: MESSAGE_ID, rating }, global: { plugins: [i18n] }, attachTo: document.body });
}

describe('RatingButtons', () => {
  beforeEach(() => setLocale('ja'));

  it('names the buttons for assistive technology and starts unpressed', () => {
    ratingApi();
    const wrapper = mountButtons();
    expect(wrapper.get('[data-testid="rate-like"]').text()).toContain('いいね');
    expect(wrapper.get('[data-testid="rate-dislike"]').text()).toContain('よくない');
    expect(wrapper.get('[data-testid="rate-like"]').attributes('aria-pressed')).toBe('false');
    expect(wrapper.get('[data-testid="rate-dislike"]').attributes('aria-pressed')).toBe('false');
    expect(wrapper.find('[data-testid="rating-comment"]').exists()).toBe(false);
  });

  it('likes, switches to dislike and takes the rating back, calling the API each time', async () => {
    const api = ratingApi();
    const wrapper = mountButtons();
    const like = wrapper.get('[data-testid="rate-like"]');
    const dislike = wrapper.get('[data-testid="rate-dislike"]');

    await like.trigger('click');
    await flushPromises();
    expect(like.attributes('aria-pressed')).toBe('true');
    expect(dislike.attributes('aria-pressed')).toBe('false');

    await dislike.trigger('click');
    await flushPromises();
    expect(like.attributes('aria-pressed')).toBe('false');
    expect(dislike.attributes('aria-pressed')).toBe('true');

    await dislike.trigger('click');
    await flushPromises();
    expect(dislike.attributes('aria-pressed')).toBe('false');

    expect(api.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['PUT', PATH, { value: 'like', comment: null }],
      ['PUT', PATH, { value: 'dislike', comment: null }],
      ['DELETE', PATH, undefined],
    ]);
    expect(wrapper.emitted('rated')?.map(([rating]) => (rating as RatingView | null)?.value ?? null)).toEqual(['like', 'dislike', null]);
  });

  it('offers an optional comment once an answer is rated, and saves it with the rating', async () => {
    const api = ratingApi();
    const wrapper = mountButtons();
    await wrapper.get('[data-testid="rate-dislike"]').trigger('click');
    await flushPromises();
    const comment = wrapper.get('[data-testid="rating-comment"]');
    expect(wrapper.get(`label[for="${comment.attributes('id')}"]`).text()).toBe('コメント（任意）');
    await comment.setValue('  出典が古い  ');
    await wrapper.get('[data-testid="rating-comment-save"]').trigger('submit');
    await flushPromises();
    expect(api.calls.at(-1)).toMatchObject({ method: 'PUT', body: { value: 'dislike', comment: '出典が古い' } });
    expect(wrapper.get('[role="status"]').text()).toBe('評価を保存しました。');
  });

  it('shows a saved rating as pressed, with its comment', () => {
    ratingApi();
    const wrapper = mountButtons({ value: 'like', comment: '分かりやすい', updatedAt: '2026-11-28T10:00:00.000Z' });
    expect(wrapper.get('[data-testid="rate-like"]').attributes('aria-pressed')).toBe('true');
    expect((wrapper.get('[data-testid="rating-comment"]').element as HTMLTextAreaElement).value).toBe('分かりやすい');
  });

  it("undoes the choice and shows the API's message when saving fails", async () => {
    fakeApi({
      [`PUT ${PATH}`]: () => Response.json({ statusCode: 409, code: 'answer_not_complete', message: '完了した回答だけを評価できます。' }, { status: 409 }),
    });
    const wrapper = mountButtons();
    await wrapper.get('[data-testid="rate-like"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="rate-like"]').attributes('aria-pressed')).toBe('false');
    expect(wrapper.get('[role="alert"]').text()).toBe('完了した回答だけを評価できます。');
  });
});
