import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  createConversationSchema,
  listConversationsQuerySchema,
  retryMessageSchema,
  sendMessageSchema,
  type ConversationDetailView,
  type ConversationPageView,
  type ConversationSummaryView,
  type CreateConversationRequest,
  type ListConversationsQuery,
  type Locale,
  type RetryMessageRequest,
  type SendMessageRequest,
} from '@gennai/contracts';
import type { Response } from 'express';
import { RequestLocale } from '../http/request-locale';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { ChatStreamService } from './chat-stream.service';
import { ConversationsService } from './conversations.service';

@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly chat: ChatStreamService,
  ) {}

  @Roles('user')
  @Get()
  list(
    @CurrentCaller() caller: Caller,
    @Query(new ZodValidationPipe(listConversationsQuerySchema)) query: ListConversationsQuery,
  ): Promise<ConversationPageView> {
    return this.conversations.list(caller, query);
  }

  @Roles('user')
  @Post()
  create(
    @CurrentCaller() caller: Caller,
    @Body(new ZodValidationPipe(createConversationSchema)) body: CreateConversationRequest,
  ): Promise<ConversationSummaryView> {
    return this.conversations.create(caller, body);
  }

  @Roles('user')
  @Get(':id')
  detail(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('conversation')) id: string,
    @RequestLocale() locale: Locale,
  ): Promise<ConversationDetailView> {
    return this.conversations.detail(caller, id, locale);
  }

  /** Stores the message, then streams the answer as server-sent events (see ChatStreamEvent). */
  @Roles('user')
  @Post(':id/messages')
  @HttpCode(200)
  send(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('conversation')) id: string,
    @Body(new ZodValidationPipe(sendMessageSchema)) body: SendMessageRequest,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    return this.chat.send(caller, id, body, locale, res);
  }

  /** Writes a failed answer again (the latest message of the conversation only); the body may confirm a PII warning. */
  @Roles('user')
  @Post(':id/messages/:messageId/retry')
  @HttpCode(200)
  retry(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('conversation')) id: string,
    @Param('messageId', new UuidParamPipe('message')) messageId: string,
    @Body(new ZodValidationPipe(retryMessageSchema)) body: RetryMessageRequest,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    return this.chat.retry(caller, id, messageId, body, locale, res);
  }
}
