import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { InformationClass } from '@gennai/contracts';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ModelCatalog } from '../gateway/catalog/model-catalog';
import { ModelGateway } from '../gateway/model-gateway.service';
import { IntervalJobScheduler } from '../jobs/interval-job.scheduler';
import { LOGGER } from '../logging/logger';
import { PiiGuard } from '../pii-guard/pii-guard.service';
import { type JudgeOutcome, TaskCategoryJudgeJob } from './task-category-judge.job';

/** The judge answers with one id: a short answer is all it needs. */
const JUDGE_MAX_OUTPUT_TOKENS = 16;

/**
 * Runs the task-category judge every GENNAI_EVALUATION_JUDGE_INTERVAL_MINUTES when GENNAI_EVALUATION_JUDGE_MODEL names a
 * model; the replica that takes the lock does the work. The judge is called through the ModelGateway as a system call
 * (no user, no quota); a model missing from the catalogue at run time skips the run with a warning.
 */
@Injectable()
export class TaskCategoryJudgeScheduler extends IntervalJobScheduler {
  private readonly modelId?: string;
  private job?: { ceiling: InformationClass; run: TaskCategoryJudgeJob };

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly gateway: ModelGateway,
    private readonly catalog: ModelCatalog,
    private readonly piiGuard: PiiGuard,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    const { modelId, intervalMinutes } = config.evaluationJudge;
    // No judge model, no schedule.
    super({ intervalMs: modelId ? intervalMinutes * 60_000 : 0, firstRunAfterMs: 60_000, failureMessage: 'task-category judge run failed' }, dataSource, logger);
    this.modelId = modelId;
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

  protected async runRound(): Promise<void> {
    const outcome = await this.runOnce();
    if (outcome && !outcome.ran) this.logger.debug('task-category judge: another replica is running it');
  }
}
