import { Controller, Get, Query, Res } from '@nestjs/common';
import { type VendorExportQuery, type VendorModelsQuery, type VendorModelsView, vendorExportQuerySchema, vendorModelsQuerySchema } from '@gennai/contracts';
import type { Response } from 'express';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { VendorAccounts } from './vendor-accounts.service';
import { VendorFeedbackExport } from './vendor-feedback-export.service';

/**
 * For model vendors' staff (docs/operator/vendor-feedback.md): feedback about their own models only. A caller whose
 * organisation represents no vendor gets 403; a model that is not theirs, 404.
 */
@Controller('vendor')
export class VendorExportController {
  constructor(
    private readonly accounts: VendorAccounts,
    private readonly feedback: VendorFeedbackExport,
  ) {}

  /** Their models, with the ratings and votes an export of the period (or of all time) would hold. */
  @Roles('vendor')
  @Get('models')
  models(@CurrentCaller() caller: Caller, @Query(new ZodValidationPipe(vendorModelsQuerySchema)) query: VendorModelsQuery): Promise<VendorModelsView> {
    return this.accounts.models(caller, query);
  }

  /** Streams the period's feedback as JSONL; recorded as `vendor.feedback_exported`. */
  @Roles('vendor')
  @Get('feedback/export')
  export(
    @CurrentCaller() caller: Caller,
    @Query(new ZodValidationPipe(vendorExportQuerySchema)) query: VendorExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    return this.feedback.export(caller, query, res);
  }
}
