import type { InformationClass } from '@gennai/contracts';
import { classifyConversation, classifyTask } from '@gennai/task-category';
import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ChatTurn } from '../gateway/model-client';
import { CLASSIFIED_USER_MESSAGES, storeCategory } from './conversation-category';
import { judgeMessages, parseJudgeAnswer } from './task-category-judge.prompt';

/** Held for a whole run at session level by the one replica that judges; any fixed number distinct from the others. */
export const TASK_CATEGORY_JUDGE_LOCK_ID = 4_242_071_701;
/** Below this share of the evidence the rules' category is a guess worth a second opinion (0 = no cue fired). */
export const JUDGE_CONFIDENCE_BELOW = 0.5;
/** Only items active this recently: the judge refines what people are doing now, not the archive. */
export const JUDGE_LOOKBACK_HOURS = 24;
/** Judge calls per run at most, and items read per kind to find them. */
export const JUDGE_CALLS_PER_RUN = 50;
const CANDIDATES_PER_KIND = 500;

/** The judge model as the job sees it: its information-class ceiling, and one request for an answer. */
export interface JudgeModel {
  readonly modelId: string;
  readonly maxInformationClass: InformationClass;
  complete(messages: ChatTurn[], informationClass: InformationClass, signal: AbortSignal): Promise<string>;
}

export interface JudgeOutcome {
  /** False when another replica held the lock (nothing was done here). */
  ran: boolean;
  asked: number;
  judged: number;
  /** Answers that were not exactly one category id, and calls that failed. */
  ignored: number;
}

interface Candidate {
  kind: 'conversation' | 'battle';
  id: string;
  informationClass: InformationClass;
  /** The user's words as a model may see them (masked where the PII guard masked them). */
  texts: string[];
}

/**
 * Refines the offline classifier with an LLM judge (docs/user/evaluation.md): recent conversations and battles whose
 * rules category is low-confidence are sent to the judge model, and a valid answer is stored with source `judge`.
 * Never sent: anything above the judge's information class. Never overwritten: categories an administrator set, or
 * one the judge already gave. One run at a time across replicas (a session-level advisory lock).
 */
export class TaskCategoryJudgeJob {
  /** Items whose answer was ignored, not asked again by this process (a model that cannot answer will not learn). */
  private readonly ignoredIds = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly judge: JudgeModel,
    private readonly mask: (text: string) => string,
    private readonly logger: Logger,
  ) {}

  async run(signal: AbortSignal = new AbortController().signal): Promise<JudgeOutcome> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [TASK_CATEGORY_JUDGE_LOCK_ID]);
      if (!rows[0].locked) return { ran: false, asked: 0, judged: 0, ignored: 0 };
      try {
        return await this.runLocked(client, signal);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [TASK_CATEGORY_JUDGE_LOCK_ID]);
      }
    } finally {
      await runner.release();
    }
  }

  private async runLocked(client: PoolClient, signal: AbortSignal): Promise<JudgeOutcome> {
    const outcome: JudgeOutcome = { ran: true, asked: 0, judged: 0, ignored: 0 };
    for (const candidate of await this.candidates(client)) {
      if (signal.aborted || outcome.asked >= JUDGE_CALLS_PER_RUN) break;
      outcome.asked++;
      const category = await this.judge
        .complete(judgeMessages(candidate.texts), candidate.informationClass, signal)
        .then(parseJudgeAnswer)
        .catch((error: unknown) => {
          this.logger.warn({ err: error, kind: candidate.kind, id: candidate.id, modelId: this.judge.modelId }, 'task-category judge call failed');
          return null;
        });
      if (!category) {
        outcome.ignored++;
        this.ignoredIds.add(candidate.id);
        continue;
      }
      const stored = await this.dataSource.transaction(async (manager) => {
        // Still the rules' guess? An administrator may have set it while the judge was thinking.
        const table = candidate.kind === 'conversation' ? 'conversations' : 'battles';
        const still = (await manager.query(`SELECT 1 FROM ${table} WHERE id = $1 AND task_category_source = 'rules' FOR UPDATE`, [candidate.id])) as unknown[];
        if (still.length) await storeCategory(manager, candidate.kind, candidate.id, category, 'judge');
        return still.length > 0;
      });
      if (stored) outcome.judged++;
    }
    this.logger.info({ ...outcome, modelId: this.judge.modelId }, 'task-category judge run finished');
    return outcome;
  }

  /** Low-confidence items of both kinds, newest first, that the judge may receive. */
  private async candidates(client: PoolClient): Promise<Candidate[]> {
    const ceiling = this.judge.maxInformationClass;
    const found: Candidate[] = [];
    const conversations = await client.query<{ id: string; information_class: InformationClass }>(
      `SELECT id, information_class FROM conversations
        WHERE task_category_source = 'rules' AND updated_at >= now() - make_interval(hours => $1) AND information_class <= $2
        ORDER BY updated_at DESC LIMIT $3`,
      [JUDGE_LOOKBACK_HOURS, ceiling, CANDIDATES_PER_KIND],
    );
    for (const conversation of conversations.rows) {
      if (found.length >= JUDGE_CALLS_PER_RUN) break;
      if (this.ignoredIds.has(conversation.id)) continue;
      const { rows } = await client.query<{ content: string; pii_handling: string | null }>(
        `SELECT content, pii_handling FROM messages WHERE conversation_id = $1 AND role = 'user' ORDER BY created_at, id LIMIT $2`,
        [conversation.id, CLASSIFIED_USER_MESSAGES],
      );
      if (classifyConversation(rows.map((row) => row.content)).confidence >= JUDGE_CONFIDENCE_BELOW) continue;
      found.push({ kind: 'conversation', id: conversation.id, informationClass: conversation.information_class, texts: rows.map((row) => this.seen(row)) });
    }
    const battles = await client.query<{ id: string; information_class: InformationClass; prompt: string; pii_handling: string | null }>(
      `SELECT id, information_class, prompt, pii_handling FROM battles
        WHERE task_category_source = 'rules' AND created_at >= now() - make_interval(hours => $1) AND information_class <= $2
        ORDER BY created_at DESC LIMIT $3`,
      [JUDGE_LOOKBACK_HOURS, ceiling, CANDIDATES_PER_KIND],
    );
    for (const battle of battles.rows) {
      if (found.length >= JUDGE_CALLS_PER_RUN * 2) break;
      if (this.ignoredIds.has(battle.id) || classifyTask(battle.prompt).confidence >= JUDGE_CONFIDENCE_BELOW) continue;
      found.push({ kind: 'battle', id: battle.id, informationClass: battle.information_class, texts: [this.seen({ content: battle.prompt, pii_handling: battle.pii_handling })] });
    }
    return found;
  }

  /** A user's text as a model may receive it: masked where the PII guard masked it when it was sent. */
  private seen(row: { content: string; pii_handling: string | null }): string {
    return row.pii_handling === 'masked' ? this.mask(row.content) : row.content;
  }
}
