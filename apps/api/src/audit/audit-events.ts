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

/**
 * `message.sent` through the OpenAI-compatible API: a program's request leaves Gennai for a model. There is no
 * conversation in Gennai, so the target is the model; the text is the request's last user turn (what was entered
 * now — earlier turns were recorded when they were sent, or are the program's own history).
 */
export function apiMessageSent(caller: Caller, request: { modelId: string; informationClass: number; turns: { role: string; content: string }[] }): AuditEvent {
  const entered = request.turns.findLast((turn) => turn.role === 'user')?.content ?? '';
  return {
    action: 'message.sent',
    actor: caller,
    target: { type: 'model', id: request.modelId },
    details: { app: 'api', modelId: request.modelId, informationClass: request.informationClass, turns: request.turns.length },
    messageText: entered,
  };
}
