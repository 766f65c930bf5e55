import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsageController } from './usage.controller';
import { UsageRecorder } from './usage-recorder.service';
import { UsageReportService } from './usage-report.service';

/** Usage records (one per model request, written in batches) and the admin usage reports. */
@Module({
  imports: [OrganizationsModule],
  controllers: [UsageController],
  providers: [UsageRecorder, UsageReportService],
  exports: [UsageRecorder],
})
export class UsageModule {}
