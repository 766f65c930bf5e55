import { Module } from '@nestjs/common';
import { EvaluationSurveysController } from './evaluation-surveys.controller';
import { SurveyAnsweringService } from './survey-answering.service';
import { SurveyAuthoringService } from './survey-authoring.service';
import { SurveyResultsService } from './survey-results.service';
import { SurveysController } from './surveys.controller';

/**
 * Surveys (issue #5): evaluators author them, staff answer them anonymously in the app, and results are read without
 * any group of fewer than five respondents. Uses the global organisation scope and audit log.
 */
@Module({
  controllers: [EvaluationSurveysController, SurveysController],
  providers: [SurveyAuthoringService, SurveyAnsweringService, SurveyResultsService],
})
export class SurveysModule {}
