import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { encodeSseEvent, type ChatStreamEvent, type Locale, type RetryMessageRequest, type SendMessageRequest } from '@gennai/contracts';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { DataSource, EntityManager, In } from 'typeorm';
import { messageSent } from '../audit/audit-events';
import { AuditLog } from '../audit/audit-log.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { uuidv7 } from '../database/uuid-v7';
import type { ChatTurn } from '../gateway/model-client';
import { type AdmittedCall, ModelGateway } from '../gateway/model-gateway.service';
import { UpstreamError } from '../gateway/upstream.error';
import { ApiException } from '../http/api.exception';
import { type Caller, ownedBy } from '../identity/caller';
import { LOGGER } from '../logging/logger';
import { PiiGuard, type ScreenedText } from '../pii-guard/pii-guard.service';
import { categorizeConversation } from '../task-category/conversation-category';
import { ConversationsService } from './conversations.service';
import { Conversation } from './entities/conversation.entity';
import { Message } from './entities/message.entity';
import { toMessageView } from './message.view';

const TITLE_CHARS = 40;
const HEARTBEAT_MS = 15_000;

/**
 * Sending a message and streaming the answer. The user's message and a `pending` answer are
 * committed before any model is called; the answer is then streamed to the browser and stored
 * when complete, or marked `failed` with its partial text kept — never lost, always retryable.
 *
 * Before that, the PII guard screens the user's message under the organisation's policy: a refusal (warn without
 * confirmation, block) is a 422 with nothing stored; under `mask` the message is stored as typed, marked `masked`,
 * and the model receives the masked text — now and whenever the message is sent again as history.
 */
@Injectable()
export class ChatStreamService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly gateway: ModelGateway,
    private readonly conversations: ConversationsService,
    private readonly audit: AuditLog,
    private readonly piiGuard: PiiGuard,
  ) {}

  async send(caller: Caller, conversationId: string, request: SendMessageRequest, locale: Locale, res: Response) {
    const { content } = request;
    const length = Array.from(content).length;
    const max = this.config.chat.maxMessageChars;
    if (length > max) throw new ApiException(400, 'message_too_long', { max, actual: length });

    // PII guard, policy, rate limit and quota first: a refused message is answered 4xx and nothing is written or sent.
    const found = await this.conversations.findOwned(this.dataSource.manager, caller, conversationId);
    const now = Date.now();
    const userMessageId = uuidv7(now);
    const answerId = uuidv7(now + 1);
    const screened = await this.screen(caller, found, content, request.confirmPii === true, userMessageId, locale);
    const turns = [...(await this.history(found.id, locale)), { role: 'user' as const, content: screened.texts[0] }];
    const admitted = await this.admit(caller, found, turns, answerId);
    const stored = await this.dataSource
      .transaction(async (manager) => {
        const conversation = await this.conversations.findOwned(manager, caller, conversationId, true);
        await this.settleStalePending(manager, conversation.id);
        const userMessage = this.newMessage(conversation, { id: userMessageId, role: 'user', content, status: 'complete', piiHandling: screened.handling, createdAt: new Date(now) });
        const answer = this.newMessage(conversation, { id: answerId, role: 'assistant', content: '', status: 'pending', modelId: conversation.modelId, createdAt: new Date(now + 1) });
        await manager.getRepository(Message).insert([userMessage, answer]);
        conversation.updatedAt = new Date(now + 1);
        if (!conversation.title) conversation.title = titleFrom(content);
        await manager.getRepository(Conversation).update(conversation.id, { updatedAt: conversation.updatedAt, title: conversation.title });
        await categorizeConversation(manager, conversation.id);
        await this.audit.record(messageSent(caller, conversation, userMessage), manager);
        if (screened.event) await this.audit.record(screened.event, manager);
        return { conversation, userMessage, answer };
      })
      .catch(async (error: unknown) => {
        await admitted.release();
        throw error;
      });
    await this.stream(stored.conversation, stored.userMessage, stored.answer, admitted, locale, res);
  }

  async retry(caller: Caller, conversationId: string, messageId: string, request: RetryMessageRequest, locale: Locale, res: Response) {
    const found = await this.conversations.findOwned(this.dataSource.manager, caller, conversationId);
    // The message is screened again under today's policy; a warning the user already confirmed stays confirmed.
    const question = await this.dataSource.getRepository(Message).findOne({
      where: { conversationId: found.id, role: 'user', ...ownedBy(caller) },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    const confirmed = request.confirmPii === true || question?.piiHandling === 'confirmed';
    const screened = question ? await this.screen(caller, found, question.content, confirmed, question.id, locale, true) : null;
    const turns = await this.history(found.id, locale, question && screened ? { id: question.id, content: screened.texts[0] } : undefined);
    const admitted = await this.admit(caller, found, turns, messageId);
    const stored = await this.dataSource
      .transaction(async (manager) => {
        const conversation = await this.conversations.findOwned(manager, caller, conversationId, true);
        const messages = manager.getRepository(Message);
        const answer = await messages.findOneBy({ id: messageId, conversationId: conversation.id, ...ownedBy(caller) });
        if (!answer) throw ApiException.notFound('message');
        const latest = await messages.findOne({ where: { conversationId: conversation.id }, order: { createdAt: 'DESC', id: 'DESC' } });
        if (answer.role !== 'assistant' || answer.status !== 'failed' || latest?.id !== answer.id) {
          throw new ApiException(409, 'message_not_retryable');
        }
        const userMessage = await messages.findOne({
          where: { conversationId: conversation.id, role: 'user' },
          order: { createdAt: 'DESC', id: 'DESC' },
        });
        if (!userMessage || userMessage.id !== question?.id) throw new ApiException(409, 'message_not_retryable');
        // Sent masked this time (the policy changed to mask): later turns send it as history masked too.
        if (screened?.handling === 'masked' && userMessage.piiHandling !== 'masked') {
          userMessage.piiHandling = 'masked';
          await messages.update(userMessage.id, { piiHandling: 'masked' });
        }
        // Restarted now: a pending answer's age is what tells a live one from one a stopped process left behind.
        const restart = { status: 'pending' as const, content: '', errorCode: null, modelId: conversation.modelId, createdAt: new Date(), completedAt: null };
        Object.assign(answer, restart);
        await messages.update(answer.id, restart);
        conversation.updatedAt = new Date();
        await manager.getRepository(Conversation).update(conversation.id, { updatedAt: conversation.updatedAt });
        await this.audit.record(messageSent(caller, conversation, userMessage, true), manager);
        if (screened?.event) await this.audit.record(screened.event, manager);
        return { conversation, userMessage, answer };
      })
      .catch(async (error: unknown) => {
        await admitted.release();
        throw error;
      });
    await this.stream(stored.conversation, stored.userMessage, stored.answer, admitted, locale, res);
  }

  /** The 機密性3 gate and the PII guard, under the organisation's settings as they are now. */
  private async screen(caller: Caller, conversation: Conversation, content: string, confirmed: boolean, messageId: string, locale: Locale, retry = false): Promise<ScreenedText> {
    const settings = await this.piiGuard.settingsOf(caller.organizationId);
    this.piiGuard.assertClassAllowed(settings, conversation.informationClass);
    return this.piiGuard.screen({
      caller,
      settings,
      texts: [content],
      confirmed,
      locale,
      audit: {
        target: { type: 'conversation', id: conversation.id },
        details: { app: 'chat', modelId: conversation.modelId, informationClass: conversation.informationClass, ...(retry && { retry }) },
        sentDetails: { messageId },
      },
    });
  }

  private admit(caller: Caller, conversation: Conversation, turns: ChatTurn[], answerId: string): Promise<AdmittedCall> {
    return this.gateway.admit({
      caller,
      app: 'chat',
      modelId: conversation.modelId,
      informationClass: conversation.informationClass,
      messages: turns,
      conversationId: conversation.id,
      messageId: answerId,
    });
  }

  /**
   * One answer at a time per conversation. A `pending` answer older than the upstream timeout was
   * left behind by a stopped process: mark it failed (interrupted) so the user can retry it.
   */
  private async settleStalePending(manager: EntityManager, conversationId: string) {
    const pending = await manager.getRepository(Message).findBy({ conversationId, status: 'pending' });
    if (!pending.length) return;
    const staleBefore = Date.now() - this.config.gateway.timeouts.totalMs * this.config.gateway.retry.maxAttempts - 30_000;
    if (pending.some((message) => message.createdAt.getTime() > staleBefore)) throw new ApiException(409, 'answer_in_progress');
    await manager.getRepository(Message).update({ id: In(pending.map((m) => m.id)) }, { status: 'failed', errorCode: 'interrupted' });
  }

  private newMessage(conversation: Conversation, fields: Pick<Message, 'role' | 'content' | 'status' | 'createdAt'> & Partial<Message>): Message {
    return this.dataSource.getRepository(Message).create({
      id: fields.id ?? uuidv7(fields.createdAt.getTime()),
      conversationId: conversation.id,
      organizationId: conversation.organizationId,
      userId: conversation.userId,
      modelId: null,
      errorCode: null,
      inputTokens: null,
      outputTokens: null,
      completedAt: null,
      piiHandling: null,
      ...fields,
    });
  }

  /**
   * The completed turns the model sees (the pending answer and failed ones are not part of it). A message the PII
   * guard masked is masked again: the model never receives what the organisation's policy kept back. `screened`
   * replaces one message's text by what the guard let through now (a retried question).
   */
  private async history(conversationId: string, locale: Locale, screened?: { id: string; content: string }): Promise<ChatTurn[]> {
    const messages = await this.dataSource.getRepository(Message).find({
      where: { conversationId, status: 'complete' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return messages.map((m) => ({
      role: m.role,
      content: m.id === screened?.id ? screened.content : m.piiHandling === 'masked' ? this.piiGuard.masked(m.content, locale) : m.content,
    }));
  }

  private async stream(conversation: Conversation, userMessage: Message, answer: Message, admitted: AdmittedCall, locale: Locale, res: Response) {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (event: ChatStreamEvent) => {
      if (!res.writableEnded && !res.destroyed) res.write(encodeSseEvent(event));
    };
    send({ event: 'accepted', data: { userMessage: toMessageView(userMessage, locale), assistantMessage: toMessageView(answer, locale) } });

    const upstream = new AbortController();
    let finished = false;
    res.on('close', () => {
      if (!finished) upstream.abort();
    });
    const heartbeat = setInterval(() => !res.writableEnded && res.write(': keep-alive\n\n'), HEARTBEAT_MS);

    let text = '';
    let usage: { inputTokens: number; outputTokens: number } | null = null;
    try {
      for await (const chunk of admitted.stream(upstream.signal)) {
        if (chunk.type === 'delta') {
          text += chunk.text;
          send({ event: 'delta', data: { text: chunk.text } });
        } else {
          usage = { inputTokens: chunk.inputTokens, outputTokens: chunk.outputTokens };
        }
      }
      if (upstream.signal.aborted) throw new Error('aborted');
      Object.assign(answer, { content: text, status: 'complete', completedAt: new Date(), inputTokens: usage?.inputTokens ?? null, outputTokens: usage?.outputTokens ?? null });
      // After a fallback the answer is another model's: ratings and evaluation must credit that one.
      if (admitted.answeredBy) answer.modelId = admitted.answeredBy.modelId;
    } catch (error) {
      const code = upstream.signal.aborted ? 'interrupted' : error instanceof UpstreamError ? error.code : 'internal_error';
      if (code === 'internal_error') this.logger.error({ err: error, messageId: answer.id }, 'answer failed');
      else this.logger.warn({ code, messageId: answer.id, modelId: conversation.modelId }, 'answer failed');
      Object.assign(answer, { content: text, status: 'failed', errorCode: code, completedAt: new Date() });
    } finally {
      finished = true;
      clearInterval(heartbeat);
    }
    await this.dataSource.getRepository(Message).update(answer.id, {
      modelId: answer.modelId,
      content: answer.content,
      status: answer.status,
      errorCode: answer.errorCode,
      completedAt: answer.completedAt,
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
    });
    const view = toMessageView(answer, locale);
    send(answer.status === 'complete' ? { event: 'done', data: { message: view } } : { event: 'failed', data: { message: view } });
    if (!res.writableEnded) res.end();
  }
}

function titleFrom(content: string): string {
  const line = content.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length > TITLE_CHARS ? `${chars.slice(0, TITLE_CHARS).join('')}…` : line;
}
