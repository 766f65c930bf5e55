import type { ArenaStreamEvent, BattleAllowanceView, BattleAnswerStatus, BattleSide, BattleView, BattleWinner, InformationClass, PiiFindingView } from '@gennai/contracts';
import { computed, onBeforeUnmount, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError, errorMessage, isAbortError } from '../../shared/api-client';
import { arenaApi } from './arena-api';

/** Where the page is: nothing asked yet, answers streaming, waiting for the vote, voted, or ended by a failure. */
export type BattlePhase = 'idle' | 'streaming' | 'awaiting_vote' | 'voted' | 'failed';

/** One pane as the page shows it while it streams. */
export interface SideState {
  text: string;
  status: BattleAnswerStatus;
  error: string | null;
}

const emptySide = (): SideState => ({ text: '', status: 'pending', error: null });

/**
 * One blind battle at a time: starts it, follows both streams into their panes, takes the vote and then shows the
 * revealed battle. Leaving the page aborts a running battle (the API marks it interrupted). `announcement` is what the
 * page's polite live region says at each step, so a screen-reader user hears progress without the text itself.
 */
export function useBattle() {
  const { t } = useI18n();
  const phase = ref<BattlePhase>('idle');
  const battle = ref<BattleView | null>(null);
  const sides = reactive<Record<BattleSide, SideState>>({ a: emptySide(), b: emptySide() });
  const allowance = ref<BattleAllowanceView | null>(null);
  const error = ref<string | null>(null);
  const errorCode = ref<string | null>(null);
  const announcement = ref('');
  const voting = ref(false);
  /** The PII guard asked for confirmation: what it found, and the prompt to send again once confirmed. */
  const piiWarning = ref<{ findings: PiiFindingView[]; prompt: string; informationClass: InformationClass | null } | null>(null);
  let controller: AbortController | null = null;

  const remaining = computed(() => (allowance.value ? Math.max(0, allowance.value.limit - allowance.value.usedToday) : null));

  async function loadAllowance() {
    try {
      allowance.value = (await arenaApi.recent()).allowance;
    } catch {
      // Only a hint: the API refuses a battle beyond the limit with its own message anyway.
    }
  }

  function reset() {
    controller?.abort();
    controller = null;
    phase.value = 'idle';
    battle.value = null;
    sides.a = emptySide();
    sides.b = emptySide();
    error.value = null;
    errorCode.value = null;
    announcement.value = '';
  }

  /** Starts a battle; resolves true once the prompt was accepted (stored), false when it was refused. */
  async function start(prompt: string, informationClass: InformationClass | null, confirmPii = false): Promise<boolean> {
    reset();
    controller = new AbortController();
    phase.value = 'streaming';
    announcement.value = t('arena.status.streaming');
    let accepted = false;
    try {
      const events = await arenaApi.start({ prompt, ...(informationClass && { informationClass }), ...(confirmPii && { confirmPii }) }, controller.signal);
      for await (const event of events) {
        accepted ||= event.event === 'accepted';
        apply(event);
      }
      return accepted;
    } catch (e) {
      if (isAbortError(e)) return accepted;
      phase.value = accepted ? 'failed' : 'idle';
      announcement.value = '';
      if (e instanceof ApiError && e.code === 'pii_confirmation_required' && e.pii) {
        piiWarning.value = { findings: e.pii.findings, prompt, informationClass };
        return false;
      }
      error.value = errorMessage(e);
      errorCode.value = e instanceof ApiError ? e.code : null;
      return accepted;
    } finally {
      controller = null;
    }
  }

  function apply(event: ArenaStreamEvent) {
    switch (event.event) {
      case 'accepted':
        battle.value = event.data.battle;
        allowance.value = event.data.allowance;
        return;
      case 'delta':
        sides[event.data.side].text += event.data.text;
        return;
      case 'side_done':
        sides[event.data.side].status = 'complete';
        return;
      case 'side_failed':
        Object.assign(sides[event.data.side], { status: 'failed', error: event.data.error.message });
        return;
      case 'done':
      case 'failed':
        battle.value = event.data.battle;
        phase.value = event.event === 'done' ? 'awaiting_vote' : 'failed';
        announcement.value = t(event.event === 'done' ? 'arena.status.awaitingVote' : 'arena.status.failed');
    }
  }

  async function vote(winner: BattleWinner) {
    if (!battle.value || phase.value !== 'awaiting_vote' || voting.value) return;
    voting.value = true;
    error.value = null;
    try {
      battle.value = await arenaApi.vote(battle.value.id, winner);
      phase.value = 'voted';
      const { a, b } = battle.value.answers;
      announcement.value = t('arena.status.revealed', { a: a.model?.label ?? '', b: b.model?.label ?? '' });
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      voting.value = false;
    }
  }

  onBeforeUnmount(() => controller?.abort());

  return { phase, battle, sides, allowance, remaining, error, errorCode, announcement, voting, piiWarning, loadAllowance, start, vote, reset };
}
