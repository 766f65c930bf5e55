import type { RatingView } from '@gennai/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../i18n';
import { fakeApi } from '../../testing/fake-api';
import RatingButtons from './RatingButtons.vue';

const MESSAGE_ID = '0193a000-0000-7000-8000-000000000002';
const PATH = `/api/messages/${MESSAGE_ID}/rating`;
const UPDATED_AT = '2026-11-28T10:00:00.000Z';

function ratingApi() {
  return fakeApi({
    [`PUT ${PATH}`]: (call) => Response.json({ tags: [], comment: null, ...(call.body as object), updatedAt: UPDATED_AT } satisfies Partial<RatingView>),
    [`DELETE ${PATH}`]: () => new Response(null, { status: 204 }),
  });
}

let mounted: { unmount(): void } | null = null;
function mountButtons(rating: RatingView | null = null) {
  const wrapper = mount(RatingButtons, { props: { messageId: MESSAGE_ID, rating }, global: { plugins: [i18n] }, attachTo: document.body });
  mounted = wrapper;
  return wrapper;
}

describe('RatingButtons', () => {
  beforeEach(() => setLocale('ja'));
  afterEach(() => mounted?.unmount());

  it('names the buttons for assistive technology and starts unpressed, without reasons', () => {
    ratingApi();
    const wrapper = mountButtons();
    expect(wrapper.get('[data-testid="rate-like"]').text()).toContain('いいね');
    expect(wrapper.get('[data-testid="rate-dislike"]').text()).toContain('よくない');
    expect(wrapper.get('[data-testid="rate-like"]').attributes('aria-pressed')).toBe('false');
    expect(wrapper.find('[data-testid="rating-reasons"]').exists()).toBe(false);
  });

  it('saves a like at once, then offers the like reasons with focus on the first one', async () => {
    const api = ratingApi();
    const wrapper = mountButtons();
    await wrapper.get('[data-testid="rate-like"]').trigger('click');
    await flushPromises();
    expect(api.calls.map((c) => [c.method, c.body])).toEqual([['PUT', { value: 'like', tags: [], comment: null }]]);
    const panel = wrapper.get('[data-testid="rating-reasons"]');
    expect(panel.attributes('role')).toBe('group');
    expect(wrapper.get(`#${panel.attributes('aria-labelledby')}`).text()).toBe('いいねの理由');
    expect(panel.findAll('[data-testid^="rating-tag-"]').map((chip) => chip.text())).toEqual(['正確', '分かりやすい', '役に立つ', '自然な日本語', '速い']);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="rating-tag-accurate"]').element);
  });

  it('saves the chosen reasons and comment together and shows them', async () => {
    const api = ratingApi();
    const wrapper = mountButtons();
    await wrapper.get('[data-testid="rate-dislike"]').trigger('click');
    await flushPromises();
    const slow = wrapper.get('[data-testid="rating-tag-slow"]');
    await wrapper.get('[data-testid="rating-tag-too_long"]').trigger('click');
    await slow.trigger('click');
    expect(slow.attributes('aria-pressed')).toBe('true');
    const comment = wrapper.get('[data-testid="rating-comment"]');
    expect(wrapper.get(`label[for="${comment.attributes('id')}"]`).text()).toBe('コメント（任意）');
    await comment.setValue('  出典が古い  ');
    await wrapper.get('[data-testid="rating-reasons"]').trigger('submit');
    await flushPromises();
    // In catalogue order, whatever order they were pressed in.
    expect(api.calls.at(-1)).toMatchObject({ method: 'PUT', body: { value: 'dislike', tags: ['slow', 'too_long'], comment: '出典が古い' } });
    const saved = wrapper.emitted('rated')!.at(-1)![0] as RatingView;
    await wrapper.setProps({ rating: saved });
    expect(wrapper.find('[data-testid="rating-reasons"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="rating-saved-reasons"]').text()).toContain('理由：遅い、長すぎる');
    expect(wrapper.get('[data-testid="rating-saved-reasons"]').text()).toContain('コメント：出典が古い');
    expect(document.activeElement).toBe(wrapper.get('[data-testid="rating-reasons-edit"]').element);
  });

  it('reopens a saved rating with its reasons chosen, and Escape cancels without saving', async () => {
    const api = ratingApi();
    const wrapper = mountButtons({ value: 'like', tags: ['clear'], comment: '分かりやすい', updatedAt: UPDATED_AT });
    expect(wrapper.get('[data-testid="rate-like"]').attributes('aria-pressed')).toBe('true');
    await wrapper.get('[data-testid="rating-reasons-edit"]').trigger('click');
    expect(wrapper.get('[data-testid="rating-tag-clear"]').attributes('aria-pressed')).toBe('true');
    expect((wrapper.get('[data-testid="rating-comment"]').element as HTMLTextAreaElement).value).toBe('分かりやすい');
    await wrapper.get('[data-testid="rating-tag-fast"]').trigger('click');
    await wrapper.get('[data-testid="rating-reasons"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(wrapper.find('[data-testid="rating-reasons"]').exists()).toBe(false);
    expect(api.calls).toEqual([]);
    expect(wrapper.get('[data-testid="rating-saved-reasons"]').text()).toContain('理由：分かりやすい');
  });

  it('takes the rating back when the pressed button is pressed again', async () => {
    const api = ratingApi();
    const wrapper = mountButtons({ value: 'dislike', tags: ['unsafe'], comment: null, updatedAt: UPDATED_AT });
    await wrapper.get('[data-testid="rate-dislike"]').trigger('click');
    await flushPromises();
    expect(api.calls.map((c) => c.method)).toEqual(['DELETE']);
    expect(wrapper.get('[data-testid="rate-dislike"]').attributes('aria-pressed')).toBe('false');
    expect(wrapper.emitted('rated')).toEqual([[null]]);
  });

  it('shows the chips in English', async () => {
    setLocale('en');
    ratingApi();
    const wrapper = mountButtons();
    await wrapper.get('[data-testid="rate-dislike"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="rating-tag-ignored_instructions"]').text()).toBe('Did not follow instructions');
  });

  it("undoes the choice and shows the API's message when saving fails", async () => {
    fakeApi({
      [`PUT ${PATH}`]: () => Response.json({ statusCode: 409, code: 'answer_not_complete', message: '完了した回答だけを評価できます。' }, { status: 409 }),
    });
    const wrapper = mountButtons();
    await wrapper.get('[data-testid="rate-like"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="rate-like"]').attributes('aria-pressed')).toBe('false');
    expect(wrapper.find('[data-testid="rating-reasons"]').exists()).toBe(false);
    expect(wrapper.get('[role="alert"]').text()).toBe('完了した回答だけを評価できます。');
  });
});
