import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { mountWithApp } from '../../testing/mount-app';
import ConfirmDialog from './ConfirmDialog.vue';

/** A page with one destructive button that asks first, recording the answers. */
const Page = defineComponent({
  setup() {
    const dialog = ref<InstanceType<typeof ConfirmDialog> | null>(null);
    const answers = ref<boolean[]>([]);
    const ask = async () => answers.value.push((await dialog.value?.ask('削除しますか？', '「PLaMo」を削除します。', '削除')) ?? false);
    return () => [
      h('button', { id: 'delete', onClick: ask }, '削除'),
      h('output', { id: 'answers' }, answers.value.join(',')),
      h(ConfirmDialog, { ref: dialog }),
    ];
  },
});

describe('ConfirmDialog', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('opens as a labelled dialog with focus on キャンセル, and Escape answers no and gives focus back', async () => {
    const { wrapper } = await mountWithApp(Page);
    const opener = wrapper.find('#delete');
    (opener.element as HTMLElement).focus();
    await opener.trigger('click');
    await flushPromises();

    const dialog = wrapper.find('dialog');
    expect(dialog.attributes('open')).toBeDefined();
    expect(document.getElementById(dialog.attributes('aria-labelledby') as string)?.textContent).toBe('削除しますか？');
    expect(document.activeElement?.textContent).toBe('キャンセル');

    await dialog.trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(dialog.attributes('open')).toBeUndefined();
    expect(wrapper.find('#answers').text()).toBe('false');
    expect(document.activeElement).toBe(opener.element);

    await opener.trigger('click');
    await flushPromises();
    await wrapper.find('[data-testid="confirm-accept"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('#answers').text()).toBe('false,true');
  });
});
