import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  evaluationBundleRequestSchema,
  evaluationReportRequestSchema,
  type EvaluationBundleRequest,
  type EvaluationReportRequest,
  type EvaluationReportView,
  type Locale,
} from '@gennai/contracts';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { ApiException } from '../http/api.exception';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { EvaluationReportService } from './evaluation-report.service';

/** Table names are [a-z_] by construction (@gennai/evaluation-report); anything else names no table. */
const TABLE_NAME = /^[a-z_]{1,64}$/;

/**
 * The published evaluation report (docs/user/evaluation.md): evaluators and platform administrators export the raw-data
 * bundle of a period, generate a report from it, and download the report's HTML, JSON, CSVs and bundle. Reports are
 * platform-wide: they hold aggregates over every organisation, and nothing that identifies a person.
 */
@Controller('evaluation/reports')
export class EvaluationReportController {
  constructor(private readonly reports: EvaluationReportService) {}

  /** The bundle alone, as JSONL; audited as `evaluation.bundle_exported`. */
  @Roles('evaluator', 'platform_admin')
  @Post('bundle')
  async bundle(
    @CurrentCaller() caller: Caller,
    @Body(new ZodValidationPipe(evaluationBundleRequestSchema)) body: EvaluationBundleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const bundle = await this.reports.exportBundle(caller, body);
    res.status(200);
    download(res, 'application/x-ndjson; charset=utf-8', `gennai-evaluation-${body.from}-${body.to}.jsonl`);
    res.setHeader('X-Bundle-SHA256', bundle.sha256);
    Readable.from([bundle.text]).pipe(res);
  }

  /** Exports a bundle, builds the report from it and stores both; audited as `evaluation.report_generated`. */
  @Roles('evaluator', 'platform_admin')
  @Post()
  @HttpCode(201)
  generate(@CurrentCaller() caller: Caller, @Body(new ZodValidationPipe(evaluationReportRequestSchema)) body: EvaluationReportRequest): Promise<EvaluationReportView> {
    return this.reports.generate(caller, { ...body, locale: (body.locale ?? 'ja') as Locale });
  }

  @Roles('evaluator', 'platform_admin')
  @Get(':id')
  view(@Param('id', new UuidParamPipe('evaluation_report')) id: string): Promise<EvaluationReportView> {
    return this.reports.view(id);
  }

  /** The printable report. Served with a policy that lets nothing load or run, whatever a label in it says. */
  @Roles('evaluator', 'platform_admin')
  @Get(':id/report.html')
  async html(@Param('id', new UuidParamPipe('evaluation_report')) id: string, @Res() res: Response): Promise<void> {
    const html = await this.reports.html(id);
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
    download(res, 'text/html; charset=utf-8', `gennai-evaluation-report-${id}.html`);
    res.status(200).send(html);
  }

  @Roles('evaluator', 'platform_admin')
  @Get(':id/report.json')
  async json(@Param('id', new UuidParamPipe('evaluation_report')) id: string, @Res() res: Response): Promise<void> {
    const json = await this.reports.json(id);
    download(res, 'application/json; charset=utf-8', `gennai-evaluation-report-${id}.json`);
    res.status(200).send(json);
  }

  @Roles('evaluator', 'platform_admin')
  @Get(':id/tables/:table.csv')
  async csv(@Param('id', new UuidParamPipe('evaluation_report')) id: string, @Param('table') table: string, @Res() res: Response): Promise<void> {
    if (!TABLE_NAME.test(table)) throw ApiException.notFound('evaluation_report');
    const csv = await this.reports.csv(id, table);
    download(res, 'text/csv; charset=utf-8', `${table}.csv`);
    res.status(200).send(csv);
  }

  /** The bundle the report was built from, byte for byte (its SHA-256 is in the report). */
  @Roles('evaluator', 'platform_admin')
  @Get(':id/bundle.jsonl')
  async storedBundle(@Param('id', new UuidParamPipe('evaluation_report')) id: string, @Res() res: Response): Promise<void> {
    const bundle = await this.reports.bundle(id);
    download(res, 'application/x-ndjson; charset=utf-8', `gennai-evaluation-bundle-${id}.jsonl`);
    res.status(200).send(bundle);
  }
}

function download(res: Response, contentType: string, fileName: string): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName.replace(/[^0-9A-Za-z._-]/g, '')}"`);
  res.setHeader('Cache-Control', 'no-store');
}
