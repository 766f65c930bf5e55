import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { uuidv7 } from '../database/uuid-v7';
import { Organization } from '../organizations/organization.entity';
import { ApiException } from '../http/api.exception';
import type { AccessTokenClaims } from './access-token-verifier';
import type { OrganizationClaim } from './organization-claim';
import { User } from './user.entity';

interface CachedUser {
  user: SignedInUser;
  fingerprint: string;
  refreshAfter: number;
}

/** Who signed in, as the rest of the API needs it. */
export interface SignedInUser {
  id: string;
  /** The organisation the user's data belongs to. */
  organizationId: string;
  /** The unit (局/課) they belong to, or null. */
  unitId: string | null;
}

type Queryable = Pick<EntityManager, 'query'>;

/** How long a signed-in user is served from memory before the database row is touched again. */
const REFRESH_MS = 5 * 60_000;
const CACHE_LIMIT = 50_000;

/**
 * Keeps users, their organisation and unit in step with token claims (docs/operator/identity.md). An organisation
 * unknown to Gennai is created only when the token says the realm allows it (`gennai.provision`); units along the
 * `org_unit` path are created under it. Existing nodes are never renamed or moved from a token: platform
 * administrators own the tree. Requests are served from a small in-process cache, so a busy replica does not write
 * the users table on every request.
 */
@Injectable()
export class UsersService {
  private readonly cache = new Map<string, CachedUser>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Refuses (403, with a message naming why) a token whose organisation Gennai cannot place. */
  async signIn(claims: AccessTokenClaims): Promise<SignedInUser> {
    const organization = soleOrganization(claims.organizations);
    const fingerprint = JSON.stringify([claims.username, claims.displayName, claims.email, claims.roles, organization.alias, claims.unitPath]);
    const cached = this.cache.get(claims.subject);
    const now = Date.now();
    if (cached && cached.fingerprint === fingerprint && cached.refreshAfter > now) return cached.user;

    const user = await this.dataSource.transaction(async (manager) => {
      const organizationId = await this.organizationOf(manager, organization);
      const unitId = claims.unitPath ? await ensureUnits(manager, organizationId, claims.unitPath) : null;
      const [row] = (await manager.query(
        `INSERT INTO users (id, subject, organization_id, unit_id, username, display_name, email, roles, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
         ON CONFLICT (subject) DO UPDATE SET organization_id = EXCLUDED.organization_id, unit_id = EXCLUDED.unit_id,
           username = EXCLUDED.username, display_name = EXCLUDED.display_name, email = EXCLUDED.email,
           roles = EXCLUDED.roles, last_seen_at = now()
         RETURNING id`,
        [uuidv7(), claims.subject, organizationId, unitId, claims.username, claims.displayName, claims.email, claims.roles],
      )) as { id: string }[];
      return { id: row.id, organizationId, unitId };
    });

    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(claims.subject, { user, fingerprint, refreshAfter: now + REFRESH_MS });
    return user;
  }

  /** The organisation's id, created if the realm allows it; its Keycloak id recorded once known. */
  private async organizationOf(manager: Queryable, claim: OrganizationClaim): Promise<string> {
    const [known] = (await manager.query(
      `SELECT id, keycloak_id FROM organizations WHERE kind = 'organization' AND slug = $1`,
      [claim.alias],
    )) as { id: string; keycloak_id: string | null }[];
    if (known) {
      if (claim.keycloakId && known.keycloak_id !== claim.keycloakId) {
        await manager.query(`UPDATE organizations SET keycloak_id = $2, updated_at = now() WHERE id = $1`, [known.id, claim.keycloakId]);
      }
      return known.id;
    }
    if (!claim.provision) throw new ApiException(403, 'organization_not_registered', { organization: claim.alias });
    const [created] = (await manager.query(
      `INSERT INTO organizations (id, kind, slug, name, keycloak_id, default_information_class) VALUES ($1, 'organization', $2, $3, $4, $5)
       ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [uuidv7(), claim.alias, claim.name ?? claim.alias, claim.keycloakId, this.config.gateway.defaultInformationClass],
    )) as { id: string }[];
    // Another replica created it a moment ago: read the winner's row.
    return created?.id ?? (await this.organizationOf(manager, { ...claim, provision: false }));
  }

  async profile(userId: string): Promise<User & { organization: Organization }> {
    return (await this.dataSource.getRepository(User).findOneOrFail({
      where: { id: userId },
      relations: { organization: true, unit: true },
    })) as User & { organization: Organization };
  }
}

/** A member of staff belongs to exactly one organisation; anything else is refused with a message saying so. */
function soleOrganization(organizations: OrganizationClaim[]): OrganizationClaim {
  if (organizations.length === 1) return organizations[0];
  if (!organizations.length) throw new ApiException(403, 'no_organization');
  throw new ApiException(403, 'several_organizations', { organizations: organizations.map((o) => o.alias).join(', ') });
}

/**
 * The unit at the end of `path` under the organisation, creating missing units on the way (concurrent sign-ins
 * agree through the unique (organisation, source path) index). Returns the leaf's id.
 */
async function ensureUnits(manager: Queryable, organizationId: string, path: string[]): Promise<string> {
  let parentId = organizationId;
  for (let depth = 1; depth <= path.length; depth++) {
    const sourcePath = path.slice(0, depth).join('/');
    const [row] = (await manager.query(
      `WITH created AS (
         INSERT INTO organizations (id, kind, name, parent_id, unit_organization_id, unit_source_path)
         VALUES ($1, 'unit', $2, $3, $4, $5)
         ON CONFLICT (unit_organization_id, unit_source_path) WHERE unit_source_path IS NOT NULL DO NOTHING
         RETURNING id)
       SELECT id FROM created
       UNION ALL
       SELECT id FROM organizations WHERE unit_organization_id = $4 AND unit_source_path = $5
       LIMIT 1`,
      [uuidv7(), path[depth - 1], parentId, organizationId, sourcePath],
    )) as { id: string }[];
    parentId = row.id;
  }
  return parentId;
}
