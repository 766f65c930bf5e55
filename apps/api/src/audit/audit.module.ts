import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditEntriesService } from './audit-entries.service';
import { AuditLog } from './audit-log.service';
import { AuditSealer } from './audit-sealer.service';
import { AuditVerificationService } from './audit-verification.service';

/**
 * The audit log (docs/operator/audit.md). Global, so any domain records events through `AuditLog` without importing
 * this module. Each entry's source (address, user agent) comes with the Caller the auth guard builds.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditLog, AuditSealer, AuditEntriesService, AuditVerificationService],
  exports: [AuditLog],
})
export class AuditModule {}
