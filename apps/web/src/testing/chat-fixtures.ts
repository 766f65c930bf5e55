import type { ConversationSummaryView, MessageView, ModelView } from '@gennai/contracts';

/** The demo model as GET /api/models lists it. */
export const DEMO_MODEL: ModelView = {
  id: 'demo',
  label: 'デモモデル',
  provider: 'demo',
  demo: true,
  maxInformationClass: 3,
  vendor: null,
  domestic: false,
  capabilities: ['streaming'],
  contextLength: null,
  maxOutputTokens: null,
};

/** A fresh conversation with the demo model, 機密性2. */
export const CONVERSATION: ConversationSummaryView = {
  id: '0193a000-0000-7000-8000-00000000000c',
  title: '',
  modelId: 'demo',
  informationClass: 2,
  taskCategory: null,
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
};

export const MESSAGES_PATH = `/api/conversations/${CONVERSATION.id}/messages`;

/** A message of CONVERSATION: by default the demo model's answer, still pending. */
export const messageView = (overrides: Partial<MessageView>): MessageView => ({
  id: '0193a000-0000-7000-8000-0000000000a1',
  conversationId: CONVERSATION.id,
  role: 'assistant',
  content: '',
  status: 'pending',
  modelId: 'demo',
  error: null,
  createdAt: '2026-11-28T10:00:01.000Z',
  rating: null,
  piiHandling: null,
  ...overrides,
});
