import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateBattleRequest, InformationClass, Locale } from '@gennai/contracts';
import { classifyTask } from '@gennai/task-category';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditEvent } from '../audit/audit-log.service';
import { AuditLog } from '../audit/audit-log.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { uuidv7 } from '../database/uuid-v7';
import { ModelCatalog } from '../gateway/catalog/model-catalog';
import { type AdmittedCall, ModelGateway } from '../gateway/model-gateway.service';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { Organization } from '../organizations/organization.entity';
import { PiiGuard } from '../pii-guard/pii-guard.service';
import { RateLimiter } from '../quotas/rate-limiter';
import { type BattleApp, battleAppOf } from './battle-app';
import { Battle } from './battle.entity';
import { battleCandidates } from './battle-candidates';
import { BattlePairCounts } from './battle-pair-counts';
import { type BattlePair, BattlePairingPolicy } from './battle-pairing.policy';
import { BattleStream } from './battle-stream.service';
import { DailyBattleLimit } from './daily-battle-limit';

/**
 * Starting a blind battle: one prompt to two models the pairing policy chose, streamed side by side.
 *
 * Every refusal comes before anything is written or sent — length, an API key's rate limit, the 機密性3 gate and the
 * PII guard exactly as in the chat, the daily limit, enough models for the information class, then the gateway's own
 * policy, rate limit and quota for each side. The battle row (prompt, models, positions, status `streaming`) is
 * committed before either model is called, so a battle is never lost, only ever ends `failed`.
 *
 * A program may start battles too, with a personal API key of scope `arena` (checked by the controller): the key's
 * models narrow the candidates as the gateway would narrow its calls, the daily limit is the owner's whatever starts
 * the battle, and the battle is recorded as app `api` (battleAppOf).
 */
@Injectable()
export class BattleStart {
  private readonly pairing = new BattlePairingPolicy();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalog: ModelCatalog,
    private readonly gateway: ModelGateway,
    private readonly piiGuard: PiiGuard,
    private readonly audit: AuditLog,
    private readonly limit: DailyBattleLimit,
    private readonly pairCounts: BattlePairCounts,
    private readonly stream: BattleStream,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async start(caller: Caller, request: CreateBattleRequest, locale: Locale, res: Response): Promise<void> {
    const { prompt } = request;
    const length = Array.from(prompt).length;
    const max = this.config.chat.maxMessageChars;
    if (length > max) throw new ApiException(400, 'message_too_long', { max, actual: length });
    // The same per-key budget as /v1/chat/completions: a program's calls count against its key wherever it sends them.
    if (caller.apiKey) this.rateLimiter.take(`key:${caller.apiKey.id}`, this.config.gateway.rateLimitPerMinute.apiKey);

    const now = Date.now();
    const battleId = uuidv7(now);
    const app = battleAppOf(caller);
    const informationClass = request.informationClass ?? (await this.defaultClassOf(caller));
    const settings = await this.piiGuard.settingsOf(caller.organizationId);
    this.piiGuard.assertClassAllowed(settings, informationClass);
    const screened = await this.piiGuard.screen({
      caller,
      settings,
      texts: [prompt],
      confirmed: request.confirmPii === true,
      locale,
      audit: { target: { type: 'battle', id: battleId }, details: { app, informationClass }, sentDetails: { battleId } },
    });
    await this.limit.assertRemaining(caller);
    const pair = this.pairing.choose(battleCandidates(caller, this.catalog.entries(), informationClass), await this.pairCounts.current());
    if (!pair) throw new ApiException(409, 'arena_not_enough_models');

    const admitted = await this.admitBoth(caller, app, pair, informationClass, screened.texts[0]);
    const release = async (error: unknown) => {
      await Promise.all([admitted.a.release(), admitted.b.release()]);
      throw error;
    };
    const { battle, allowance } = await this.dataSource
      .transaction(async (manager) => {
        // One battle start at a time per user, so two tabs cannot both take the last battle of the day.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('arena:' || $1, 0))`, [caller.userId]);
        await this.limit.assertRemaining(caller, manager);
        const row = manager.getRepository(Battle).create({
          id: battleId,
          organizationId: caller.organizationId,
          userId: caller.userId,
          app,
          informationClass,
          prompt,
          piiHandling: screened.handling,
          taskCategory: classifyTask(prompt).category,
          taskCategorySource: 'rules',
          modelA: pair.a,
          modelB: pair.b,
          status: 'streaming',
          createdAt: new Date(now),
        });
        await manager.getRepository(Battle).insert(row);
        await this.audit.record(battleSent(caller, row), manager);
        if (screened.event) await this.audit.record(screened.event, manager);
        const inserted = await manager.getRepository(Battle).findOneByOrFail({ id: battleId });
        return { battle: inserted, allowance: await this.limit.allowance(caller, manager) };
      })
      .catch(release);
    this.pairCounts.started(pair);
    await this.stream.run(battle, admitted, allowance, locale, res);
  }

  /** The class a prompt has when the user did not choose one, as for a new conversation. */
  private async defaultClassOf(caller: Caller): Promise<InformationClass> {
    const organization = await this.dataSource.getRepository(Organization).findOneOrFail({
      where: { id: caller.organizationId },
      select: { id: true, defaultInformationClass: true },
    });
    return organization.defaultInformationClass;
  }

  /** Both sides through the gateway; when the second is refused, the first one's quota reservation is given back. */
  private async admitBoth(caller: Caller, app: BattleApp, pair: BattlePair, informationClass: InformationClass, prompt: string) {
    const admit = (modelId: string): Promise<AdmittedCall> =>
      this.gateway.admit({ caller, app, modelId, informationClass, messages: [{ role: 'user', content: prompt }], withoutFallback: true });
    const a = await admit(pair.a);
    try {
      return { a, b: await admit(pair.b) };
    } catch (error) {
      await a.release();
      throw error;
    }
  }
}

/** `message.sent` for a battle: the prompt leaves Gennai for two models at once. */
function battleSent(caller: Caller, battle: Battle): AuditEvent {
  return {
    action: 'message.sent',
    actor: caller,
    target: { type: 'battle', id: battle.id },
    details: { app: battle.app, modelIds: [battle.modelA, battle.modelB], informationClass: battle.informationClass },
    messageText: battle.prompt,
  };
}
