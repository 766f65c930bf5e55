import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../i18n';
import MessageComposer from './MessageComposer.vue';

function mountComposer(props: Record<string, unknown> = {}) {
  const wrapper = mount(MessageComposer, {
    props: { modelValue: '', 'onUpdate:modelValue': (text: string) => wrapper.setProps({ modelValue: text }), ...props },
    global: { plugins: [i18n] },
    attachTo: document.body,
  });
  return wrapper;
}

describe('MessageComposer', () => {
  beforeEach(() => setLocale('ja'));

  it('refuses to send an empty or blank message and says why', async () => {
    const wrapper = mountComposer();
    const input = wrapper.get('[data-testid="composer-input"]');
    await input.setValue('   \n ');
    await wrapper.get('[data-testid="send"]').trigger('click');
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('send')).toBeUndefined();
    const problem = wrapper.get('[role="alert"]');
    expect(problem.text()).toBe('メッセージを入力してください。');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(input.attributes('aria-describedby')).toContain(problem.attributes('id'));
  });

  it('sends on Enter, and keeps Shift+Enter and IME confirmation as typing', async () => {
    const wrapper = mountComposer();
    const input = wrapper.get('[data-testid="composer-input"]');
    await input.setValue('横須賀市の子育て支援は？');
    await input.trigger('keydown', { key: 'Enter', shiftKey: true });
    await input.trigger('keydown', { key: 'Enter', isComposing: true });
    expect(wrapper.emitted('send')).toBeUndefined();
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('send')).toEqual([['横須賀市の子育て支援は？']]);
  });

  it('sends with the button too', async () => {
    const wrapper = mountComposer({ modelValue: '質問' });
    await wrapper.get('[data-testid="send"]').trigger('click');
    expect(wrapper.emitted('send')).toEqual([['質問']]);
  });

  it('refuses a message over the length limit', async () => {
    const wrapper = mountComposer({ modelValue: 'あいうえおか', maxChars: 5 });
    await wrapper.get('[data-testid="send"]').trigger('click');
    expect(wrapper.emitted('send')).toBeUndefined();
    expect(wrapper.get('[role="alert"]').text()).toBe('メッセージが長すぎます（5文字まで、現在6文字）。');
  });

  it('turns the button into 停止 while an answer streams, and Enter does not send then', async () => {
    const wrapper = mountComposer({ modelValue: '次の質問', streaming: true });
    await wrapper.get('[data-testid="composer-input"]').trigger('keydown', { key: 'Enter' });
    const stop = wrapper.get('[data-testid="stop"]');
    expect(stop.text()).toBe('停止');
    await stop.trigger('click');
    expect(wrapper.emitted('stop')).toHaveLength(1);
    expect(wrapper.emitted('send')).toBeUndefined();
  });
});
