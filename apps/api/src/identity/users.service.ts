import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { uuidv7 } from '../database/uuid-v7';
import { Organization } from '../organizations/organization.entity';
import type { AccessTokenClaims } from './access-token-verifier';
import { User } from './user.entity';

interface CachedUser {
  user: Pick<User, 'id' | 'organizationId'>;
  fingerprint: string;
  refreshAfter: number;
}

/** How long a signed-in user is served from memory before the database row is touched again. */
const REFRESH_MS = 5 * 60_000;
const CACHE_LIMIT = 50_000;

/**
 * Creates users (and their organisation) on first sign-in from token claims, and keeps their
 * profile in step. Requests are served from a small in-process cache, so a busy replica does not
 * write the users table on every request.
 */
@Injectable()
export class UsersService {
  private readonly cache = new Map<string, CachedUser>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signIn(claims: AccessTokenClaims & { organization: { slug: string; name: string } }): Promise<Pick<User, 'id' | 'organizationId'>> {
    const fingerprint = JSON.stringify([claims.username, claims.displayName, claims.email, claims.roles, claims.organization]);
    const cached = this.cache.get(claims.subject);
    const now = Date.now();
    if (cached && cached.fingerprint === fingerprint && cached.refreshAfter > now) return cached.user;

    const user = await this.dataSource.transaction(async (manager) => {
      const [organization] = (await manager.query(
        `INSERT INTO organizations (id, slug, name, default_information_class) VALUES ($1, $2, $3, $4)
         ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, updated_at = now()
           WHERE organizations.name IS DISTINCT FROM EXCLUDED.name
         RETURNING id`,
        [uuidv7(), claims.organization.slug, claims.organization.name, this.config.gateway.defaultInformationClass],
      )) as { id: string }[];
      const organizationId =
        organization?.id ?? (await manager.findOneByOrFail(Organization, { slug: claims.organization.slug })).id;
      const [row] = (await manager.query(
        `INSERT INTO users (id, subject, organization_id, username, display_name, email, roles, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (subject) DO UPDATE SET organization_id = EXCLUDED.organization_id, username = EXCLUDED.username,
           display_name = EXCLUDED.display_name, email = EXCLUDED.email, roles = EXCLUDED.roles, last_seen_at = now()
         RETURNING id, organization_id`,
        [uuidv7(), claims.subject, organizationId, claims.username, claims.displayName, claims.email, claims.roles],
      )) as { id: string; organization_id: string }[];
      return { id: row.id, organizationId: row.organization_id };
    });

    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(claims.subject, { user, fingerprint, refreshAfter: now + REFRESH_MS });
    return user;
  }

  async profile(userId: string): Promise<User & { organization: Organization }> {
    return (await this.dataSource.getRepository(User).findOneOrFail({
      where: { id: userId },
      relations: { organization: true },
    })) as User & { organization: Organization };
  }
}
