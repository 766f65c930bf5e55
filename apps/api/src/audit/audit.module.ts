import { Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditEntriesService } from './audit-entries.service';
import { AuditLog } from './audit-log.service';
import { AuditSealer } from './audit-sealer.service';
import { AuditSourceMiddleware } from './audit-source.middleware';
import { AuditVerificationService } from './audit-verification.service';

/**
 * The audit log (docs/operator/audit.md). Global, so any domain records events through `AuditLog` without importing
 * this module; the source middleware runs on every route so each entry knows where its request came from.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditLog, AuditSealer, AuditEntriesService, AuditVerificationService],
  exports: [AuditLog],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(AuditSourceMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
