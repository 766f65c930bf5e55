import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrganizationView } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { administeredOrganizationId } from './admin-scope';
import { Organization } from './organization.entity';

/** Organisations as administrators see them. Organisations are created at their first user's sign-in. */
@Injectable()
export class OrganizationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every organisation (platform_admin) or the caller's own (org_admin), by name. */
  async list(caller: Caller): Promise<OrganizationView[]> {
    const own = administeredOrganizationId(caller);
    const organizations = await this.dataSource.getRepository(Organization).find({
      where: own === null ? {} : { id: own },
      order: { name: 'ASC', slug: 'ASC' },
    });
    return organizations.map(toOrganizationView);
  }

  /** An organisation the caller administers, or 404 (also for another organisation's id). */
  async administered(caller: Caller, organizationId: string): Promise<OrganizationView> {
    const own = administeredOrganizationId(caller);
    const organization =
      own === null || own === organizationId ? await this.dataSource.getRepository(Organization).findOneBy({ id: organizationId }) : null;
    if (!organization) throw ApiException.notFound('organization');
    return toOrganizationView(organization);
  }
}

export function toOrganizationView(organization: Pick<Organization, 'id' | 'slug' | 'name'>): OrganizationView {
  return { id: organization.id, slug: organization.slug, name: organization.name };
}
