import type { ConversationPageView, ConversationSummaryView } from '@gennai/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, errorMessage } from '../../shared/api-client';

const PAGE_SIZE = 30;

/** The caller's conversations, newest first, loaded a page at a time. */
export const useHistoryStore = defineStore('history', () => {
  const items = ref<ConversationSummaryView[]>([]);
  const nextBefore = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  async function fetchPage(before: string | null) {
    loading.value = true;
    error.value = null;
    try {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (before) query.set('before', before);
      const page = await api.get<ConversationPageView>(`/api/conversations?${query}`);
      const known = new Set(before ? items.value.map((item) => item.id) : []);
      items.value = [...(before ? items.value : []), ...page.items.filter((item) => !known.has(item.id))];
      nextBefore.value = page.nextBefore;
      loaded.value = true;
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  const loadFirstPage = () => fetchPage(null);
  const loadMore = () => (nextBefore.value && !loading.value ? fetchPage(nextBefore.value) : Promise.resolve());

  /** Moves a conversation that just changed to the top (or adds a new one). */
  function upsert(summary: ConversationSummaryView) {
    items.value = [summary, ...items.value.filter((item) => item.id !== summary.id)];
  }

  return { items, nextBefore, loading, loaded, error, loadFirstPage, loadMore, upsert };
});
