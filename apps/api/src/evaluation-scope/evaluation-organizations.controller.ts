import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EvaluationOrganizationView } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { OrganizationScope, scopeCondition } from '../organizations/organization-scope';
import { evaluationScope } from './evaluation-scope';

@Controller('evaluation/organizations')
export class EvaluationOrganizationsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationScope,
  ) {}

  /**
   * The organisations the caller may filter evaluation results by (the evaluation pages' organisation picker): every
   * organisation for an evaluator or platform_admin, an org_admin's subtree. Names and the tree only — no data.
   */
  @Roles('evaluator', 'platform_admin', 'org_admin')
  @Get()
  async list(@CurrentCaller() caller: Caller): Promise<EvaluationOrganizationView[]> {
    const params: unknown[] = [];
    const inScope = scopeCondition(evaluationScope(this.organizations, caller), 'id', (value) => `$${params.push(value)}`);
    const rows = (await this.dataSource.query(
      `SELECT id, slug, name, parent_id FROM organizations WHERE kind = 'organization'${inScope ? ` AND ${inScope}` : ''} ORDER BY name, id`,
      params,
    )) as { id: string; slug: string; name: string; parent_id: string | null }[];
    return rows.map((row) => ({ id: row.id, slug: row.slug, name: row.name, parentId: row.parent_id }));
  }
}
