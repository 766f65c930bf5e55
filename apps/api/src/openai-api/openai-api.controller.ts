import { Body, Controller, Get, Headers, Post, Res, UseFilters } from '@nestjs/common';
import type { Locale } from '@gennai/contracts';
import type { Response } from 'express';
import { RequestLocale } from '../http/request-locale';
import { AllowApiKey, Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { ChatCompletionPipe, type ChatCompletionRequest } from './chat-completion.request';
import { ChatCompletionsService, INFORMATION_CLASS_HEADER, PII_CONFIRM_HEADER, type OpenAiModel } from './chat-completions.service';
import { OpenAiExceptionFilter } from './openai-error';

/**
 * The OpenAI-compatible API for programs, at /v1 (outside /api, where OpenAI clients expect it). Callers use a
 * personal API key or a Keycloak access token; errors are in OpenAI's shape.
 */
@Controller('v1')
@UseFilters(OpenAiExceptionFilter)
export class OpenAiApiController {
  constructor(private readonly completions: ChatCompletionsService) {}

  @AllowApiKey('models')
  @Roles('user')
  @Get('models')
  models(@CurrentCaller() caller: Caller): { object: 'list'; data: OpenAiModel[] } {
    return this.completions.models(caller);
  }

  /** A chat.completion, or server-sent chat.completion.chunk events with `stream: true`. */
  @AllowApiKey('chat')
  @Roles('user')
  @Post('chat/completions')
  async chatCompletions(
    @CurrentCaller() caller: Caller,
    @Body(new ChatCompletionPipe()) body: ChatCompletionRequest,
    @Headers(INFORMATION_CLASS_HEADER) informationClass: string | undefined,
    @Headers(PII_CONFIRM_HEADER) piiConfirm: string | undefined,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    await this.completions.complete(caller, body, { informationClass, piiConfirm }, locale, res);
  }
}
