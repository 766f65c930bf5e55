import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  createBattleSchema,
  listBattlesQuerySchema,
  voteBattleSchema,
  type BattlePageView,
  type BattleView,
  type CreateBattleRequest,
  type ListBattlesQuery,
  type Locale,
  type VoteBattleRequest,
} from '@gennai/contracts';
import type { Response } from 'express';
import { RequestLocale } from '../http/request-locale';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { AllowApiKey, Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { BattleStart } from './battle-start.service';
import { BattlesService } from './battles.service';

/**
 * Blind side-by-side comparisons (比較): a user's own battles only. The page calls these with the user's Keycloak
 * token; a program (a municipality's internal tool, a Teams or Slack bot) may call the same routes with its owner's
 * personal API key when the owner gave the key the scope `arena` — checked first in every handler.
 */
@Controller('arena/battles')
export class ArenaController {
  constructor(
    private readonly start: BattleStart,
    private readonly battles: BattlesService,
  ) {}

  /** Stores the battle, then streams both answers as server-sent events (see ArenaStreamEvent). */
  @AllowApiKey('arena')
  @Roles('user')
  @Post()
  @HttpCode(200)
  create(
    @CurrentCaller() caller: Caller,
    @Body(new ZodValidationPipe(createBattleSchema)) body: CreateBattleRequest,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    return this.start.start(caller, body, locale, res);
  }

  /** The caller's battles, newest first, with how many they have left today. */
  @AllowApiKey('arena')
  @Roles('user')
  @Get()
  list(
    @CurrentCaller() caller: Caller,
    @Query(new ZodValidationPipe(listBattlesQuerySchema)) query: ListBattlesQuery,
    @RequestLocale() locale: Locale,
  ): Promise<BattlePageView> {
    return this.battles.list(caller, query, locale);
  }

  /** One battle; the models are named once it is voted on. */
  @AllowApiKey('arena')
  @Roles('user')
  @Get(':id')
  detail(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('battle')) id: string, @RequestLocale() locale: Locale): Promise<BattleView> {
    return this.battles.detail(caller, id, locale);
  }

  /** The vote, once and for good; answers with the models revealed. */
  @AllowApiKey('arena')
  @Roles('user')
  @Post(':id/vote')
  @HttpCode(200)
  vote(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('battle')) id: string,
    @Body(new ZodValidationPipe(voteBattleSchema)) body: VoteBattleRequest,
    @RequestLocale() locale: Locale,
  ): Promise<BattleView> {
    return this.battles.vote(caller, id, body, locale);
  }
}
