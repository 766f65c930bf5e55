import { classifyTask, decideCategory, type ClassifyTaskOptions, type TaskClassification } from './classify-task';
import type { TaskSignal } from './task-cue';

/**
 * A conversation is about what its first real request asked; later messages refine it (「もう少し短く」「英語でも」)
 * or drift. The first user message that is not 'other' is the anchor — a greeting or 「テスト」 before it says
 * nothing about the work — and each message after the anchor counts FOLLOW_UP_WEIGHT times the one before, so a
 * follow-up changes the category only when the anchor's evidence was weak. Recomputing from all messages costs
 * microseconds, so there is no incremental form to keep in step.
 */
export const FOLLOW_UP_WEIGHT = 0.5;

export function classifyConversation(userMessages: readonly string[], options: ClassifyTaskOptions = {}): TaskClassification {
  const perMessage = userMessages.map((message) => classifyTask(message, options));
  const anchor = perMessage.findIndex((result) => result.category !== 'other');
  if (anchor < 0) return decideCategory(perMessage.flatMap((result) => result.signals));

  const signals: TaskSignal[] = [];
  perMessage.slice(anchor).forEach((result, distance) => {
    const factor = FOLLOW_UP_WEIGHT ** distance;
    for (const signal of result.signals) signals.push(factor === 1 ? signal : { ...signal, weight: signal.weight * factor });
  });
  return decideCategory(signals);
}
