import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ROLES, type ApiKeyScope, type ApiKeyView, type CreatedApiKeyView, type createApiKeySchema, type Role } from '@gennai/contracts';
import type { Logger } from 'pino';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import type { z } from 'zod';
import { uuidv7 } from '../database/uuid-v7';
import { ModelGateway } from '../gateway/model-gateway.service';
import { ApiException } from '../http/api.exception';
import { type Caller, ownedBy } from '../identity/caller';
import { LOGGER } from '../logging/logger';
import { ApiKey } from './api-key.entity';
import { hashApiKeySecret, isWellFormedApiKey, newApiKeySecret } from './api-key-secret';
import { toApiKeyView } from './api-key.view';

export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;

/** Active (neither revoked nor expired) keys one user may hold. */
export const MAX_ACTIVE_API_KEYS = 20;
/** Keys listed, newest first (revoked and expired ones stay listed until pushed out). */
const LIST_LIMIT = 100;
/**
 * How long a verified key is served from memory. A revocation on this replica takes effect at once; other replicas
 * accept a revoked key for at most this long.
 */
export const API_KEY_CACHE_TTL_MS = 30_000;
const CACHE_LIMIT = 10_000;
/** last_used_at is written at most this often per key and replica, off the request path. */
const TOUCH_EVERY_MS = 60_000;

interface CachedKey {
  /** null: no such key, revoked, expired or its owner left the organisation. */
  caller: Caller | null;
  expiresAt: number;
  cachedUntil: number;
}

interface KeyRow {
  id: string;
  user_id: string;
  organization_id: string;
  roles: string[];
  model_ids: string[];
  scopes: ApiKeyScope[];
  expires_at: Date;
}

/** Personal API keys: created and revoked by their owner, verified on every call of the OpenAI-compatible API. */
@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, CachedKey>();
  private readonly touched = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: ModelGateway,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Creates a key for the caller; the secret is in the answer and nowhere else. */
  async create(caller: Caller, input: CreateApiKeyInput): Promise<CreatedApiKeyView> {
    const modelIds = [...new Set(input.modelIds)];
    const allowed = new Set(this.gateway.allowedModels(caller).map((model) => model.id));
    const notAllowed = modelIds.find((id) => !allowed.has(id));
    if (notAllowed !== undefined) throw new ApiException(400, 'unknown_model', { modelId: notAllowed });

    const { secret, hash, prefix } = newApiKeySecret();
    const now = new Date();
    const key = await this.dataSource.transaction(async (manager) => {
      // One key creation at a time per user, so concurrent requests cannot pass the limit together.
      await manager.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [caller.userId]);
      const keys = manager.getRepository(ApiKey);
      const active = await keys.countBy({ ...ownedBy(caller), revokedAt: IsNull(), expiresAt: MoreThan(now) });
      if (active >= MAX_ACTIVE_API_KEYS) throw new ApiException(400, 'api_key_limit', { max: MAX_ACTIVE_API_KEYS });
      const created = keys.create({
        id: uuidv7(now.getTime()),
        ...ownedBy(caller),
        name: input.name,
        prefix,
        secretHash: hash,
        modelIds,
        scopes: [...new Set(input.scopes)],
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
        lastUsedAt: null,
        revokedAt: null,
      });
      await keys.insert(created);
      return created;
    });
    this.logger.info({ userId: caller.userId, apiKeyId: key.id, prefix }, 'API key created');
    return { ...toApiKeyView(key), secret };
  }

  /** The caller's own keys, newest first. */
  async list(caller: Caller): Promise<ApiKeyView[]> {
    const keys = await this.dataSource.getRepository(ApiKey).find({
      where: ownedBy(caller),
      order: { createdAt: 'DESC', id: 'DESC' },
      take: LIST_LIMIT,
    });
    return keys.map(toApiKeyView);
  }

  /** Revokes one of the caller's keys (again is a no-op); anyone else's is "not found". */
  async revoke(caller: Caller, id: string): Promise<void> {
    const keys = this.dataSource.getRepository(ApiKey);
    const key = await keys.findOneBy({ id, ...ownedBy(caller) });
    if (!key) throw ApiException.notFound('api_key');
    if (!key.revokedAt) {
      await keys.update({ id, ...ownedBy(caller), revokedAt: IsNull() }, { revokedAt: new Date() });
      this.logger.info({ userId: caller.userId, apiKeyId: id }, 'API key revoked');
    }
    this.cache.delete(key.secretHash);
  }

  /**
   * The caller a secret stands for, or null when it is unknown, revoked or expired. Looked up by its hash (the
   * secret is never compared character by character), then served from memory for API_KEY_CACHE_TTL_MS. The
   * owner's roles and organisation are those of their last sign-in.
   */
  async verify(secret: string): Promise<Caller | null> {
    if (!isWellFormedApiKey(secret)) return null;
    const hash = hashApiKeySecret(secret);
    const now = Date.now();
    let cached = this.cache.get(hash);
    if (!cached || cached.cachedUntil <= now) {
      cached = await this.load(hash, now);
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(hash, cached);
    }
    if (!cached.caller || cached.expiresAt <= now) return null;
    this.touch(cached.caller.apiKey!.id, now);
    return cached.caller;
  }

  private async load(hash: string, now: number): Promise<CachedKey> {
    const [row] = (await this.dataSource.query(
      `SELECT k.id, k.model_ids, k.scopes, k.expires_at, u.id AS user_id, u.organization_id, u.roles
         FROM api_keys k JOIN users u ON u.id = k.user_id AND u.organization_id = k.organization_id
        WHERE k.secret_hash = $1 AND k.revoked_at IS NULL`,
      [hash],
    )) as KeyRow[];
    const cachedUntil = now + API_KEY_CACHE_TTL_MS;
    if (!row) return { caller: null, expiresAt: 0, cachedUntil };
    const roles = row.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
    return {
      caller: {
        userId: row.user_id,
        organizationId: row.organization_id,
        roles,
        apiKey: { id: row.id, modelIds: row.model_ids, scopes: row.scopes },
      },
      expiresAt: row.expires_at.getTime(),
      cachedUntil,
    };
  }

  /** Records that a key was used, at most once a minute per key, without making the request wait. */
  private touch(keyId: string, now: number) {
    if (now - (this.touched.get(keyId) ?? 0) < TOUCH_EVERY_MS) return;
    if (this.touched.size >= CACHE_LIMIT) this.touched.clear();
    this.touched.set(keyId, now);
    this.dataSource
      .query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [keyId])
      .catch((err: unknown) => this.logger.warn({ err, apiKeyId: keyId }, 'could not record API key use'));
  }
}
