import { ERROR_MESSAGES, type BattleAnswerErrorView, type BattleAnswerView, type BattleSide, type BattleView, type ErrorCode, type Locale } from '@gennai/contracts';
import type { ModelLabels } from '../usage/usage-report.service';
import type { Battle } from './battle.entity';

export function battleErrorView(code: string, locale: Locale): BattleAnswerErrorView {
  const messages = ERROR_MESSAGES[code as ErrorCode] ?? ERROR_MESSAGES.internal_error;
  return { code, message: messages[locale] };
}

/**
 * A battle as its owner sees it. The models stay hidden until the vote is in: the comparison is blind, and a failed
 * battle, which cannot be voted on, stays blind too — a name seen before voting would bias the next votes.
 */
export function toBattleView(battle: Battle, locale: Locale, labels: ModelLabels): BattleView {
  const revealed = battle.status === 'voted';
  const side = (which: BattleSide): BattleAnswerView => {
    const upper = which === 'a' ? 'A' : 'B';
    const modelId = battle[`model${upper}`];
    const error = battle[`error${upper}`];
    return {
      side: which,
      content: battle[`answer${upper}`],
      status: battle[`status${upper}`],
      error: battle[`status${upper}`] === 'failed' && error ? battleErrorView(error, locale) : null,
      model: revealed ? { id: modelId, label: labels(modelId) ?? modelId } : null,
      firstTokenMs: battle[`firstTokenMs${upper}`],
      latencyMs: battle[`latencyMs${upper}`],
    };
  };
  return {
    id: battle.id,
    prompt: battle.prompt,
    informationClass: battle.informationClass,
    taskCategory: battle.taskCategory,
    status: battle.status,
    winner: battle.winner,
    answers: { a: side('a'), b: side('b') },
    createdAt: battle.createdAt.toISOString(),
    votedAt: battle.votedAt?.toISOString() ?? null,
  };
}
