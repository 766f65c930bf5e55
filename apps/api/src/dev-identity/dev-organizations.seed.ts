import type { InformationClass } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { uuidv7 } from '../database/uuid-v7';
import { DEV_USERS, type DevOrganization } from './dev-users';

/**
 * Gives the demo users' vendor organisations their link to a catalogue vendor when the development identity provider
 * starts (npm start), so the demo vendor's ベンダー向け page lists the demo models from the first sign-in. With
 * Keycloak a platform_admin sets that link (管理 → 組織); here the organisation is created with it, as the first
 * member's sign-in would have created it (gennai.provision). One that exists already is left as it is: administrators
 * own the tree, so a link they removed stays removed. Returns the slugs of the organisations it created.
 */
export async function seedDevOrganizations(
  db: Pick<DataSource, 'query'>,
  defaultInformationClass: InformationClass,
  organizations: readonly DevOrganization[] = vendorOrganizationsOf(DEV_USERS.map((user) => user.organization)),
): Promise<string[]> {
  const created: string[] = [];
  for (const organization of organizations) {
    const rows = (await db.query(
      `INSERT INTO organizations (id, kind, slug, name, default_information_class, vendor) VALUES ($1, 'organization', $2, $3, $4, $5)
       ON CONFLICT (slug) DO NOTHING RETURNING slug`,
      [uuidv7(), organization.slug, organization.name, defaultInformationClass, organization.vendor],
    )) as { slug: string }[];
    created.push(...rows.map((row) => row.slug));
  }
  return created;
}

/** The distinct organisations that represent a vendor. */
function vendorOrganizationsOf(organizations: readonly DevOrganization[]): DevOrganization[] {
  return [...new Map(organizations.filter((organization) => organization.vendor).map((organization) => [organization.slug, organization])).values()];
}
