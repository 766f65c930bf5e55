import { Module } from '@nestjs/common';
import { VendorAccounts } from './vendor-accounts.service';
import { VendorExportController } from './vendor-export.controller';
import { VendorFeedbackExport } from './vendor-feedback-export.service';

/** Feedback for model vendors about their own models (issue #5, item 8). */
@Module({ controllers: [VendorExportController], providers: [VendorAccounts, VendorFeedbackExport] })
export class VendorExportModule {}
