import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  auditEntriesQuerySchema,
  auditExportQuerySchema,
  auditVerifyRequestSchema,
  type AuditEntriesQuery,
  type AuditEntryPageView,
  type AuditExportQuery,
  type AuditVerificationView,
  type AuditVerifyRequest,
} from '@gennai/contracts';
import type { Response } from 'express';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { AuditEntriesService } from './audit-entries.service';
import { AuditVerificationService } from './audit-verification.service';

/**
 * The audit log, read-only: auditors read their own organisation's entries; an auditor who is also a platform_admin
 * reads every organisation's. There is no route that writes an entry.
 */
@Controller('audit')
export class AuditController {
  constructor(
    private readonly entries: AuditEntriesService,
    private readonly verification: AuditVerificationService,
  ) {}

  @Roles('auditor')
  @Get('entries')
  list(@CurrentCaller() caller: Caller, @Query(new ZodValidationPipe(auditEntriesQuerySchema)) query: AuditEntriesQuery): Promise<AuditEntryPageView> {
    return this.entries.list(caller, query);
  }

  /** Streams a period's entries as CSV or JSONL; recorded as `audit.exported`. */
  @Roles('auditor')
  @Get('export')
  export(
    @CurrentCaller() caller: Caller,
    @Query(new ZodValidationPipe(auditExportQuerySchema)) query: AuditExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    return this.entries.export(caller, query, res);
  }

  /** Verifies the hash chains the caller may read and reports the first bad entry of each. */
  @Roles('auditor')
  @Post('verify')
  @HttpCode(200)
  verify(@CurrentCaller() caller: Caller, @Body(new ZodValidationPipe(auditVerifyRequestSchema)) body: AuditVerifyRequest): Promise<AuditVerificationView> {
    return this.verification.verify(caller, body.organizationId);
  }
}
