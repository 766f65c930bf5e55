import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { createProviderSchema, CredentialInput, ProviderType, ProviderView, updateProviderSchema } from '@gennai/contracts';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditLog } from '../../audit/audit-log.service';
import { ApiException } from '../../http/api.exception';
import type { Caller } from '../../identity/caller';
import { LOGGER } from '../../logging/logger';
import { adapterFor, PROVIDER_ADAPTERS } from '../providers';
import { BUILT_IN_PROVIDER_ID, toProviderView } from './catalog.views';
import { CredentialVault } from './credential-vault';
import { ModelCatalog } from './model-catalog';
import { ModelDeployment } from './model-deployment.entity';
import { Provider } from './provider.entity';
import { providerSettings } from './provider-settings';
import { isUniqueViolation } from './unique-violation';

export interface ProviderTypeView {
  type: ProviderType;
  label: { ja: string; en: string };
  requiresBaseUrl: boolean;
  settings: string[];
}

/** Platform administrators' use cases on provider accounts. Credentials go in, never out. */
@Injectable()
export class ProvidersAdminService {
  private readonly vault: CredentialVault;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: ModelCatalog,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditLog,
  ) {
    this.vault = new CredentialVault(config.gateway.secretKey);
  }

  types(): ProviderTypeView[] {
    return Object.values(PROVIDER_ADAPTERS).map((adapter) => ({
      type: adapter.type,
      label: adapter.label,
      requiresBaseUrl: adapter.requiresBaseUrl,
      settings: Object.keys((adapter.settingsSchema as unknown as { shape?: Record<string, unknown> }).shape ?? {}),
    }));
  }

  async list(): Promise<ProviderView[]> {
    const providers = await this.dataSource.getRepository(Provider).find({ order: { displayName: 'ASC' } });
    return providers.map(toProviderView);
  }

  async create(caller: Caller, input: z.output<typeof createProviderSchema>): Promise<ProviderView> {
    const repository = this.dataSource.getRepository(Provider);
    const exists = new ApiException(409, 'already_exists', { resource: 'provider', id: input.id });
    if (input.id === BUILT_IN_PROVIDER_ID || (await repository.existsBy({ id: input.id }))) throw exists;
    const provider = repository.create({ id: input.id, displayName: input.displayName, type: input.type });
    this.apply(provider, input);
    await repository.insert(provider).catch((error: unknown) => {
      throw isUniqueViolation(error) ? exists : error;
    });
    await this.changed(caller, 'created', provider, Object.keys(input));
    return toProviderView(await repository.findOneByOrFail({ id: provider.id }));
  }

  async update(caller: Caller, id: string, patch: z.output<typeof updateProviderSchema>): Promise<ProviderView> {
    const repository = this.dataSource.getRepository(Provider);
    const provider = await repository.findOneBy({ id });
    if (!provider) throw ApiException.notFound('provider');
    if (patch.displayName !== undefined) provider.displayName = patch.displayName;
    if (patch.type !== undefined) provider.type = patch.type;
    this.apply(provider, {
      baseUrl: patch.baseUrl === undefined ? provider.baseUrl : patch.baseUrl,
      settings: patch.settings ?? provider.settings,
      credential: patch.credential,
    });
    await repository.save(provider);
    await this.changed(caller, 'updated', provider, Object.keys(patch));
    return toProviderView(await repository.findOneByOrFail({ id }));
  }

  async remove(caller: Caller, id: string): Promise<void> {
    const provider = await this.dataSource.getRepository(Provider).findOneBy({ id });
    if (!provider) throw ApiException.notFound('provider');
    const users = await this.dataSource.getRepository(ModelDeployment).find({ where: { providerId: id }, select: { modelId: true } });
    if (users.length) {
      throw new ApiException(409, 'in_use', { resource: 'provider', id, usedBy: [...new Set(users.map((u) => u.modelId))].join(', ') });
    }
    await this.dataSource.getRepository(Provider).delete({ id });
    await this.changed(caller, 'deleted', provider, []);
  }

  /** Validates the type-specific parts and stores the credential (sealed) when one is given. */
  private apply(
    provider: Provider,
    input: { baseUrl?: string | null; settings: Record<string, string | number | boolean>; credential?: CredentialInput },
  ) {
    const adapter = adapterFor(provider.type);
    const baseUrl = input.baseUrl ?? null;
    if (adapter.requiresBaseUrl && !baseUrl) {
      throw new ApiException(400, 'validation_failed', {}, [{ field: 'baseUrl', kind: 'required' }]);
    }
    const settings = providerSettings(adapter, input.settings);
    provider.baseUrl = baseUrl;
    provider.settings = settings;
    const credential = input.credential;
    if (!credential) return;
    provider.credentialKind = credential.kind === 'value' ? 'encrypted' : credential.kind;
    provider.credentialReference = credential.kind === 'env' ? credential.name : credential.kind === 'file' ? credential.path : null;
    provider.credentialCiphertext = credential.kind === 'value' ? this.vault.seal(credential.value, provider.id) : null;
  }

  /** Logs who changed what (field names and the credential's kind, never its value), then reloads the catalogue. */
  private async changed(caller: Caller, what: string, provider: Provider, fields: string[]) {
    this.logger.info({ by: caller.userId, providerId: provider.id, type: provider.type, fields, credential: provider.credentialKind }, `provider ${what}`);
    // Field names only: a credential given in the change is never written to the audit log.
    await this.audit.record({ action: `admin.provider_${what}`, actor: caller, target: { type: 'provider', id: provider.id }, details: { type: provider.type, fields: fields.join(',') } });
    await this.catalog.reload();
  }
}
