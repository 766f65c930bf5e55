import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ConversationDetailView,
  ConversationPageView,
  ConversationSummaryView,
  CreateConversationRequest,
  ListConversationsQuery,
  Locale,
} from '@gennai/contracts';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { uuidv7 } from '../database/uuid-v7';
import { ModelGateway } from '../gateway/model-gateway.service';
import { ApiException } from '../http/api.exception';
import { type Caller, ownedBy } from '../identity/caller';
import { Organization } from '../organizations/organization.entity';
import { PiiGuard } from '../pii-guard/pii-guard.service';
import { AnswerRating } from '../rating/answer-rating.entity';
import { Conversation } from './entities/conversation.entity';
import { Message } from './entities/message.entity';
import { toConversationSummary, toMessageView } from './message.view';

/** Conversations of the signed-in user: create, list (newest first), open. */
@Injectable()
export class ConversationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: ModelGateway,
    private readonly audit: AuditLog,
    private readonly piiGuard: PiiGuard,
  ) {}

  async create(caller: Caller, request: CreateConversationRequest): Promise<ConversationSummaryView> {
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: caller.organizationId });
    const informationClass = request.informationClass ?? organization.defaultInformationClass;
    // Refused now rather than at the first message: the user can pick another model or class straight away.
    this.piiGuard.assertClassAllowed(organization, informationClass);
    this.gateway.checkPolicy({ caller, app: 'chat', modelId: request.modelId, informationClass });
    const now = new Date();
    const conversation = this.dataSource.getRepository(Conversation).create({
      id: uuidv7(now.getTime()),
      ...ownedBy(caller),
      title: request.title ?? '',
      modelId: request.modelId,
      informationClass,
      createdAt: now,
      updatedAt: now,
    });
    await this.dataSource.getRepository(Conversation).insert(conversation);
    await this.audit.record({ action: 'conversation.created', actor: caller, target: { type: 'conversation', id: conversation.id }, details: { modelId: request.modelId, informationClass } });
    return toConversationSummary(conversation);
  }

  async list(caller: Caller, query: ListConversationsQuery): Promise<ConversationPageView> {
    const rows = await this.dataSource.getRepository(Conversation).find({
      where: { ...ownedBy(caller), ...(query.before && { updatedAt: LessThan(new Date(query.before)) }) },
      order: { updatedAt: 'DESC', id: 'DESC' },
      take: query.limit + 1,
    });
    const items = rows.slice(0, query.limit).map(toConversationSummary);
    return { items, nextBefore: rows.length > query.limit ? items[items.length - 1].updatedAt : null };
  }

  async detail(caller: Caller, id: string, locale: Locale): Promise<ConversationDetailView> {
    const conversation = await this.findOwned(this.dataSource.manager, caller, id);
    const messages = await this.dataSource.getRepository(Message).find({
      where: { conversationId: conversation.id, ...ownedBy(caller) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const ratings = messages.length
      ? await this.dataSource.getRepository(AnswerRating).findBy({ userId: caller.userId, messageId: In(messages.map((m) => m.id)) })
      : [];
    const byMessage = new Map(ratings.map((rating) => [rating.messageId, rating]));
    return {
      ...toConversationSummary(conversation),
      messages: messages.map((message) => toMessageView(message, locale, byMessage.get(message.id))),
    };
  }

  /** The caller's conversation, or 404 — also when it exists but belongs to someone else. */
  async findOwned(manager: EntityManager, caller: Caller, id: string, lock = false): Promise<Conversation> {
    const conversation = await manager.getRepository(Conversation).findOne({
      where: { id, ...ownedBy(caller) },
      ...(lock && { lock: { mode: 'pessimistic_write' as const } }),
    });
    if (!conversation) throw ApiException.notFound('conversation');
    return conversation;
  }
}
