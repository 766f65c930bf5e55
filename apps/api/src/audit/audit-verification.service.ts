import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditVerificationView } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import type { Caller } from '../identity/caller';
import { verifyAuditChains } from './audit-chain.verifier';
import { AuditLog } from './audit-log.service';
import { withPgClient } from './audit-pg-client';
import { AuditSealer } from './audit-sealer.service';
import { OrganizationScope } from '../organizations/organization-scope';

/** Verification on demand (the 監査ログ page's button): the same walk as `npm run audit:verify`, over the caller's scope. */
@Injectable()
export class AuditVerificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sealer: AuditSealer,
    private readonly audit: AuditLog,
    private readonly scope: OrganizationScope,
  ) {}

  async verify(caller: Caller, requested?: string): Promise<AuditVerificationView> {
    const scope = this.scope.narrow(caller, requested);
    const organizationIds = scope.all ? null : scope.organizationIds;
    // Seal what is waiting first, so the result covers everything written before the button was pressed.
    await this.sealer.sealWrittenSoFar();
    const result = await withPgClient(this.dataSource, (client) => verifyAuditChains(client, { organizationIds }));
    await this.audit.record({
      action: 'audit.verified',
      actor: caller,
      details: {
        organizationId: requested ?? null,
        ok: result.ok,
        entries: result.entries,
        failures: result.chains.filter((chain) => chain.failure).map((chain) => `${chain.organizationId}@${chain.failure?.position}:${chain.failure?.reason}`),
      },
    });
    return result;
  }
}
