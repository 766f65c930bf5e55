import type { Caller } from '../identity/caller';
import type { AuditEvent } from './audit-log.service';

/**
 * `message.sent`: the user's message leaves Gennai for a model. Records the model and the information class it was
 * sent under, and the text (or only its SHA-256, by the organisation's setting). A retry sends the same message again.
 */
export function messageSent(
  caller: Caller,
  conversation: { id: string; modelId: string; informationClass: number },
  message: { id: string; content: string },
  retry = false,
): AuditEvent {
  return {
    action: 'message.sent',
    actor: caller,
    target: { type: 'conversation', id: conversation.id },
    details: { messageId: message.id, modelId: conversation.modelId, informationClass: conversation.informationClass, ...(retry && { retry }) },
    messageText: message.content,
  };
}
