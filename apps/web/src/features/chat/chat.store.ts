import type { ConversationDetailView, ConversationSummaryView, InformationClass, MessageView, ModelView, PiiFindingView, QuotaStatusView, RatingView } from '@gennai/contracts';
import { defineStore } from 'pinia';
import { computed, nextTick, ref } from 'vue';
import { translate } from '../../i18n';
import { ApiError, api, errorMessage, isAbortError } from '../../shared/api-client';
import { useHistoryStore } from '../history/history.store';
import { openChatStream } from './chat-stream';

const MODEL_KEY = 'gennai.model';

/** A message the PII guard asked the user to confirm, and how to send it again once they do. */
export interface PiiWarning {
  findings: PiiFindingView[];
  request: { kind: 'send'; content: string } | { kind: 'retry'; answerId: string };
}

function rememberedModel(): string {
  try {
    return globalThis.localStorage?.getItem(MODEL_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The open conversation, its messages and the answer being written. */
export const useChatStore = defineStore('chat', () => {
  const models = ref<ModelView[]>([]);
  const modelsError = ref<string | null>(null);
  const selectedModelId = ref(rememberedModel());
  const conversation = ref<ConversationSummaryView | null>(null);
  const messages = ref<MessageView[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const streaming = ref(false);
  /** What the polite live region says: completion or failure of an answer, never each token. */
  const announcement = ref('');
  let controller: AbortController | null = null;
  /** 機密性 chosen for the next new conversation; null = the organisation's default. */
  const informationClass = ref<InformationClass | null>(null);
  /** What the user may still use (null until loaded or when it cannot be read). */
  const quota = ref<QuotaStatusView | null>(null);
  /** The organisation asks before personal data is sent (PII policy `warn`): what was found, until the user decides. */
  const piiWarning = ref<PiiWarning | null>(null);

  async function loadQuota() {
    quota.value = await api.get<QuotaStatusView>('/api/me/quota').catch(() => quota.value);
  }

  function selectInformationClass(value: InformationClass | null) {
    informationClass.value = value;
    const model = findModel(selectedModelId.value);
    // A model that may not receive this class cannot stay selected.
    if (value && model && model.maxInformationClass < value) {
      const allowed = models.value.find((m) => m.maxInformationClass >= value);
      if (allowed) selectedModelId.value = allowed.id;
    }
  }

  /** The model answers come from: the conversation's, or the one chosen for a new conversation. */
  const activeModelId = computed(() => conversation.value?.modelId ?? selectedModelId.value);
  const activeModel = computed(() => findModel(activeModelId.value));

  function findModel(id: string | null | undefined): ModelView | null {
    return models.value.find((model) => model.id === id) ?? null;
  }

  function selectModel(id: string) {
    selectedModelId.value = id;
    try {
      globalThis.localStorage?.setItem(MODEL_KEY, id);
    } catch {
      // Not remembered when storage is disabled.
    }
  }

  async function loadModels() {
    modelsError.value = null;
    try {
      models.value = await api.get<ModelView[]>('/api/models');
      if (!findModel(selectedModelId.value) && models.value.length) selectedModelId.value = models.value[0].id;
    } catch (e) {
      modelsError.value = errorMessage(e);
    }
  }

  function announce(text: string) {
    // Cleared first so the same sentence twice in a row is announced twice.
    announcement.value = '';
    void nextTick(() => (announcement.value = text));
  }

  function startNew() {
    stop();
    conversation.value = null;
    messages.value = [];
    error.value = null;
  }

  async function open(id: string) {
    if (conversation.value?.id === id) return;
    stop();
    loading.value = true;
    error.value = null;
    try {
      const { messages: list, ...summary } = await api.get<ConversationDetailView>(`/api/conversations/${encodeURIComponent(id)}`);
      conversation.value = summary;
      messages.value = list;
    } catch (e) {
      conversation.value = null;
      messages.value = [];
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  /** Replaces (by id) or appends a message; returns the reactive copy held by the store. */
  function upsert(message: MessageView): MessageView {
    const index = messages.value.findIndex((m) => m.id === message.id);
    if (index === -1) messages.value.push(message);
    else messages.value[index] = message;
    return messages.value.find((m) => m.id === message.id) as MessageView;
  }

  function markFailed(answer: MessageView, code: string, message: string) {
    answer.status = 'failed';
    answer.error = { code, message, retryable: true };
  }

  /**
   * Sends a message, creating the conversation first if none is open (`onCreated` then gives it its
   * address). Resolves with whether the message was stored (false: refused before the stream
   * started; `error` says why).
   */
  async function send(content: string, onCreated?: (created: ConversationSummaryView) => unknown, confirmPii = false): Promise<boolean> {
    if (streaming.value) return false;
    error.value = null;
    piiWarning.value = null;
    if (!conversation.value) {
      try {
        conversation.value = await api.post<ConversationSummaryView>('/api/conversations', {
          modelId: selectedModelId.value,
          ...(informationClass.value !== null && { informationClass: informationClass.value }),
        });
        messages.value = [];
        await onCreated?.(conversation.value);
      } catch (e) {
        error.value = errorMessage(e);
        return false;
      }
    }
    return runStream(`/api/conversations/${conversation.value.id}/messages`, { content, ...(confirmPii && { confirmPii }) }, { kind: 'send', content });
  }

  /**
   * Writes a failed answer again. The answer shows as being written at once (no stale 再試行 button, no old error);
   * if the API refuses before it starts (a quota, say), the answer is put back as it was and `error` says why.
   */
  async function retry(answerId: string, confirmPii = false): Promise<boolean> {
    if (streaming.value || !conversation.value) return false;
    error.value = null;
    piiWarning.value = null;
    const answer = messages.value.find((m) => m.id === answerId);
    const before = answer ? { status: answer.status, error: answer.error } : null;
    if (answer) Object.assign(answer, { status: 'pending', error: null });
    const started = await runStream(`/api/conversations/${conversation.value.id}/messages/${answerId}/retry`, confirmPii ? { confirmPii } : undefined, {
      kind: 'retry',
      answerId,
    });
    if (!started && answer && before && answer.status === 'pending') Object.assign(answer, before);
    return started;
  }

  function stop() {
    controller?.abort();
  }

  function dismissPiiWarning() {
    piiWarning.value = null;
  }

  async function runStream(path: string, body: unknown, request: PiiWarning['request']): Promise<boolean> {
    const own = new AbortController();
    controller = own;
    streaming.value = true;
    let answer: MessageView | null = null;
    try {
      for await (const event of await openChatStream(path, body, own.signal)) {
        if (event.event === 'accepted') {
          upsert(event.data.userMessage);
          answer = upsert(event.data.assistantMessage);
          touchHistory(event.data.userMessage);
        } else if (event.event === 'delta') {
          if (answer) answer.content += event.data.text;
        } else if (event.event === 'done') {
          answer = upsert(event.data.message);
          announce(translate('chat.answerComplete'));
        } else {
          answer = upsert(event.data.message);
          announce(translate('chat.answerFailed'));
        }
      }
      if (answer?.status === 'pending') {
        markFailed(answer, 'interrupted', translate('chat.interruptedError'));
        announce(translate('chat.answerFailed'));
      }
    } catch (e) {
      const stopped = isAbortError(e);
      if (answer) {
        if (stopped) markFailed(answer, 'stopped', translate('chat.stoppedError'));
        else markFailed(answer, 'interrupted', translate('chat.interruptedError'));
        announce(translate(stopped ? 'chat.answerStopped' : 'chat.answerFailed'));
      } else if (e instanceof ApiError && e.code === 'pii_confirmation_required' && e.pii) {
        piiWarning.value = { findings: e.pii.findings, request };
      } else if (!stopped) {
        error.value = errorMessage(e);
      }
    } finally {
      if (controller === own) controller = null;
      streaming.value = false;
      void loadQuota();
    }
    return answer !== null;
  }

  /** Puts the conversation on top of the history, titled like the API titles it. */
  function touchHistory(userMessage: MessageView) {
    const current = conversation.value;
    if (!current) return;
    if (!current.title) current.title = titleFrom(userMessage.content);
    current.updatedAt = userMessage.createdAt;
    useHistoryStore().upsert({ ...current });
  }

  function setRating(messageId: string, rating: RatingView | null) {
    const message = messages.value.find((m) => m.id === messageId);
    if (message) message.rating = rating;
  }

  return {
    models,
    modelsError,
    selectedModelId,
    conversation,
    messages,
    loading,
    error,
    streaming,
    announcement,
    activeModelId,
    activeModel,
    findModel,
    selectModel,
    loadModels,
    informationClass,
    selectInformationClass,
    quota,
    loadQuota,
    piiWarning,
    dismissPiiWarning,
    startNew,
    open,
    send,
    retry,
    stop,
    setRating,
  };
});

const TITLE_CHARS = 40;

export function titleFrom(content: string): string {
  const chars = Array.from(content.replace(/\s+/g, ' ').trim());
  return chars.length > TITLE_CHARS ? `${chars.slice(0, TITLE_CHARS).join('')}…` : chars.join('');
}
