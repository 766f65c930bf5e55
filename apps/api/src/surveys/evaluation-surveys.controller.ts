import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { createSurveySchema, surveyResultsQuerySchema, updateSurveySchema, type SurveyResultsView, type SurveyView } from '@gennai/contracts';
import type { z } from 'zod';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { type SurveyInput, SurveyAuthoringService } from './survey-authoring.service';
import { SurveyResultsService } from './survey-results.service';

/**
 * Surveys as evaluators write them and read their results (docs/user/evaluation.md). Organisation administrators read
 * published surveys and their own subtree's results; drafts are their authors' only.
 */
@Controller('evaluation/surveys')
export class EvaluationSurveysController {
  constructor(
    private readonly authoring: SurveyAuthoringService,
    private readonly resultsOf: SurveyResultsService,
  ) {}

  @Roles('evaluator', 'platform_admin', 'org_admin')
  @Get()
  list(@CurrentCaller() caller: Caller): Promise<SurveyView[]> {
    return this.authoring.list(caller);
  }

  @Roles('evaluator', 'platform_admin')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body(new ZodValidationPipe(createSurveySchema)) body: SurveyInput): Promise<SurveyView> {
    return this.authoring.create(caller, body);
  }

  @Roles('evaluator', 'platform_admin', 'org_admin')
  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('survey')) id: string): Promise<SurveyView> {
    return this.authoring.get(caller, id);
  }

  /** Replaces a draft; 409 once published. */
  @Roles('evaluator', 'platform_admin')
  @Put(':id')
  update(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('survey')) id: string, @Body(new ZodValidationPipe(updateSurveySchema)) body: SurveyInput): Promise<SurveyView> {
    return this.authoring.update(caller, id, body);
  }

  /** Discards a draft (never published, so nobody answered it); 409 once published or closed. */
  @Roles('evaluator', 'platform_admin')
  @Delete(':id')
  @HttpCode(204)
  discard(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('survey')) id: string): Promise<void> {
    return this.authoring.discard(caller, id);
  }

  @Roles('evaluator', 'platform_admin')
  @Post(':id/publish')
  @HttpCode(200)
  publish(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('survey')) id: string): Promise<SurveyView> {
    return this.authoring.publish(caller, id);
  }

  @Roles('evaluator', 'platform_admin')
  @Post(':id/close')
  @HttpCode(200)
  close(@CurrentCaller() caller: Caller, @Param('id', new UuidParamPipe('survey')) id: string): Promise<SurveyView> {
    return this.authoring.close(caller, id);
  }

  @Roles('evaluator', 'platform_admin', 'org_admin')
  @Get(':id/results')
  results(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParamPipe('survey')) id: string,
    @Query(new ZodValidationPipe(surveyResultsQuerySchema)) query: z.output<typeof surveyResultsQuerySchema>,
  ): Promise<SurveyResultsView> {
    return this.resultsOf.results(caller, id, query.organizationId);
  }
}
