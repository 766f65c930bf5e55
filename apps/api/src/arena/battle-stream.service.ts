import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { encodeArenaEvent, type ArenaStreamEvent, type BattleAllowanceView, type BattleSide, type Locale } from '@gennai/contracts';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ModelCatalog } from '../gateway/catalog/model-catalog';
import type { AdmittedCall } from '../gateway/model-gateway.service';
import { UpstreamError } from '../gateway/upstream.error';
import { LOGGER } from '../logging/logger';
import { Battle } from './battle.entity';
import { battleErrorView, toBattleView } from './battle.view';
import { countMarkdownElements } from './markdown-elements';

const HEARTBEAT_MS = 15_000;

/** How one side ended, as stored in its columns. */
interface SideOutcome {
  status: 'complete' | 'failed';
  answer: string;
  errorCode: string | null;
  firstTokenMs: number | null;
  latencyMs: number;
  outputTokens: number;
  markdown: number;
}

/**
 * Streams both answers of a stored battle to the browser at once, as server-sent events tagged with their side, and
 * stores each side when it ends. Both sides answered → `awaiting_vote`. A side that fails (error, timeout) makes the
 * battle `failed`: no vote is possible, whatever each side wrote is kept, and the gateway's usage record counts the
 * failure in that model's error rate. The other side is left to finish — the user asked a real question and still
 * gets one answer. A browser that goes away aborts both sides (`interrupted`).
 */
@Injectable()
export class BattleStream {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly catalog: ModelCatalog,
  ) {}

  async run(battle: Battle, admitted: Record<BattleSide, AdmittedCall>, allowance: BattleAllowanceView, locale: Locale, res: Response): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (event: ArenaStreamEvent) => {
      if (!res.writableEnded && !res.destroyed) res.write(encodeArenaEvent(event));
    };
    const labels = (id: string) => this.catalog.get(id)?.label;
    send({ event: 'accepted', data: { battle: toBattleView(battle, locale, labels), allowance } });

    const upstream = new AbortController();
    let finished = false;
    res.on('close', () => {
      if (!finished) upstream.abort();
    });
    const heartbeat = setInterval(() => !res.writableEnded && res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const started = performance.now();
    try {
      await Promise.all(
        (['a', 'b'] as const).map(async (side) => {
          const outcome = await this.answer(side, admitted[side], upstream.signal, started, (text) => send({ event: 'delta', data: { side, text } }));
          await this.storeSide(battle, side, outcome);
          if (outcome.status === 'complete') send({ event: 'side_done', data: { side } });
          else send({ event: 'side_failed', data: { side, error: battleErrorView(outcome.errorCode ?? 'internal_error', locale) } });
        }),
      );
      const ended = battle.statusA === 'complete' && battle.statusB === 'complete' ? 'awaiting_vote' : 'failed';
      Object.assign(battle, { status: ended, completedAt: new Date() });
      await this.dataSource.getRepository(Battle).update({ id: battle.id, status: 'streaming' }, { status: battle.status, completedAt: battle.completedAt });
      const view = toBattleView(battle, locale, labels);
      send(ended === 'awaiting_vote' ? { event: 'done', data: { battle: view } } : { event: 'failed', data: { battle: view } });
    } finally {
      finished = true;
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    }
  }

  /** One side's answer, however it ends: failures are outcomes here, not exceptions. */
  private async answer(side: BattleSide, admitted: AdmittedCall, signal: AbortSignal, started: number, delta: (text: string) => void): Promise<SideOutcome> {
    let text = '';
    let firstTokenMs: number | null = null;
    let reportedTokens: number | null = null;
    let errorCode: string | null = null;
    try {
      for await (const chunk of admitted.stream(signal)) {
        if (chunk.type === 'usage') {
          reportedTokens = chunk.outputTokens;
          continue;
        }
        firstTokenMs ??= Math.round(performance.now() - started);
        text += chunk.text;
        delta(chunk.text);
      }
      if (signal.aborted) throw new Error('aborted');
    } catch (error) {
      errorCode = signal.aborted ? 'interrupted' : error instanceof UpstreamError ? error.code : 'internal_error';
      if (errorCode === 'internal_error') this.logger.error({ err: error, side }, 'battle answer failed');
      else this.logger.warn({ code: errorCode, side }, 'battle answer failed');
    }
    return {
      status: errorCode ? 'failed' : 'complete',
      answer: text,
      errorCode,
      firstTokenMs,
      latencyMs: Math.round(performance.now() - started),
      // The gateway charges the same estimate when a provider reports no usage: both sides stay in one unit.
      outputTokens: reportedTokens ?? Math.ceil(text.length / 2),
      markdown: countMarkdownElements(text),
    };
  }

  private async storeSide(battle: Battle, side: BattleSide, outcome: SideOutcome): Promise<void> {
    const upper = side === 'a' ? 'A' : 'B';
    const columns = {
      [`answer${upper}`]: outcome.answer,
      [`status${upper}`]: outcome.status,
      [`error${upper}`]: outcome.errorCode,
      [`firstTokenMs${upper}`]: outcome.firstTokenMs,
      [`latencyMs${upper}`]: outcome.latencyMs,
      [`outputTokens${upper}`]: outcome.outputTokens,
      [`markdown${upper}`]: outcome.markdown,
    } as Partial<Battle>;
    Object.assign(battle, columns);
    await this.dataSource.getRepository(Battle).update(battle.id, columns);
  }
}
