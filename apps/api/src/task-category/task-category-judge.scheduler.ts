import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { InformationClass } from '@gennai/contracts';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ModelCatalog } from '../gateway/catalog/model-catalog';
import { ModelGateway } from '../gateway/model-gateway.service';
import { LOGGER } from '../logging/logger';
import { PiiGuard } from '../pii-guard/pii-guard.service';
import { type JudgeOutcome, TaskCategoryJudgeJob } from './task-category-judge.job';

/** The judge's first run comes this soon after start (or after the interval, if shorter). */
const FIRST_RUN_AFTER_MS = 60_000;
/** The judge answers with one id: a short answer is all it needs. */
const JUDGE_MAX_OUTPUT_TOKENS = 16;

/**
 * Runs the task-category judge every GENNAI_EVALUATION_JUDGE_INTERVAL_MINUTES when GENNAI_EVALUATION_JUDGE_MODEL names a
 * model; the replica that takes the lock does the work. The judge is called through the ModelGateway as a system call
 * (no user, no quota); a model missing from the catalogue at run time skips the run with a warning.
 */
@Injectable()
export class TaskCategoryJudgeScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly modelId?: string;
  private readonly intervalMs: number;
  private readonly stopping = new AbortController();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private job?: { ceiling: InformationClass; run: TaskCategoryJudgeJob };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: ModelGateway,
    private readonly catalog: ModelCatalog,
    private readonly piiGuard: PiiGuard,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.modelId = config.evaluationJudge.modelId;
    this.intervalMs = config.evaluationJudge.intervalMinutes * 60_000;
  }

  onApplicationBootstrap(): void {
    if (this.modelId) this.schedule(Math.min(FIRST_RUN_AFTER_MS, this.intervalMs));
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.stopping.abort();
    await this.running;
  }

  /** One run now (also what the schedule calls); null when no judge is configured or its model is not available. */
  async runOnce(): Promise<JudgeOutcome | null> {
    const job = this.jobNow();
    return job ? job.run(this.stopping.signal) : null;
  }

  private jobNow(): TaskCategoryJudgeJob | null {
    const modelId = this.modelId;
    const entry = modelId ? this.catalog.get(modelId) : undefined;
    if (!modelId || !entry?.enabled) {
      if (modelId) this.logger.warn({ modelId }, 'task-category judge: the model is not in the catalogue or is disabled; skipped');
      return null;
    }
    // Rebuilt when the catalogue changes the model's ceiling; the set of ignored ids lives with the job.
    if (this.job?.ceiling !== entry.maxInformationClass) {
      const gateway = this.gateway;
      const run = new TaskCategoryJudgeJob(
        this.dataSource,
        {
          modelId,
          maxInformationClass: entry.maxInformationClass,
          complete: (messages, informationClass, signal) =>
            gateway.completeAsSystem({ modelId, informationClass, messages, signal, options: { maxOutputTokens: JUDGE_MAX_OUTPUT_TOKENS, temperature: 0 } }),
        },
        (text) => this.piiGuard.masked(text, 'ja'),
        this.logger,
      );
      this.job = { ceiling: entry.maxInformationClass, run };
    }
    return this.job.run;
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.running = this.runScheduled().finally(() => {
        this.running = undefined;
        this.schedule(this.intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async runScheduled(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    try {
      const outcome = await this.runOnce();
      if (outcome && !outcome.ran) this.logger.debug('task-category judge: another replica is running it');
    } catch (error) {
      this.logger.error({ err: error }, 'task-category judge run failed');
    }
  }
}
