import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { surveyResponseSchema, type PendingSurveyAnswerView, type SurveyParticipationView } from '@gennai/contracts';
import type { z } from 'zod';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { SurveyAnsweringService } from './survey-answering.service';

/** Surveys as staff meet them in the app: the one waiting for them, answering it, declining it. */
@Controller('surveys')
export class SurveysController {
  constructor(private readonly answering: SurveyAnsweringService) {}

  @Roles('user')
  @Get('pending')
  pending(@CurrentCaller() caller: Caller): Promise<PendingSurveyAnswerView> {
    return this.answering.pending(caller);
  }

  /** Anonymous: the response keeps no trace of who gave it (docs/user/evaluation.md). */
  @Roles('user')
  @Post(':id/responses')
  @HttpCode(200)
  async respond(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('survey')) id: string,
    @Body(new ZodValidationPipe(surveyResponseSchema)) body: z.output<typeof surveyResponseSchema>,
  ): Promise<SurveyParticipationView> {
    await this.answering.respond(caller, id, body.answers);
    return { surveyId: id, state: 'answered' };
  }

  /** 「回答しない」: not asked again. */
  @Roles('user')
  @Post(':id/dismiss')
  @HttpCode(200)
  async dismiss(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('survey')) id: string): Promise<SurveyParticipationView> {
    await this.answering.dismiss(caller, id);
    return { surveyId: id, state: 'dismissed' };
  }
}
