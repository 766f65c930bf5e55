import { stat } from 'node:fs/promises';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProviderType } from '@gennai/contracts';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, type ModelConfig } from '../../config/app-config';
import { LOGGER } from '../../logging/logger';
import type { ModelClient, UpstreamTimeouts } from '../model-client';
import { DemoModelProvider } from '../providers/demo-model.provider';
import { adapterFor } from '../providers';
import { CircuitBreaker } from '../routing/circuit-breaker';
import type { RoutedDeployment } from '../routing/routed-deployment';
import type { CatalogEntry } from './catalog-entry';
import { CatalogModel } from './catalog-model.entity';
import { CredentialVault } from './credential-vault';
import { BRIEF_DEMO_MODEL, DEMO_MODEL, DEMO_MODEL_VENDOR, type DemoModel, RESERVED_MODEL_IDS } from './demo-models';
import { Provider } from './provider.entity';

/**
 * The live catalogue of models on this replica: the built-in demo model(s), models declared in GENNAI_MODELS, and
 * models administrators keep in the database — each with ready-to-call deployments and their circuit breakers.
 * Admin changes call reload(); other replicas notice a change within GENNAI_CATALOG_REFRESH_MS.
 */
@Injectable()
export class ModelCatalog implements OnModuleInit, OnApplicationShutdown {
  private snapshot = new Map<string, CatalogEntry>();
  private readonly breakers = new Map<string, CircuitBreaker>();
  private fingerprint = '';
  /** Paths of providers' credential files, watched so a rotated Kubernetes Secret applies without a restart. */
  private credentialFiles: string[] = [];
  private refreshTimer?: NodeJS.Timeout;
  private reloading?: Promise<void>;
  private readonly vault: CredentialVault;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.vault = new CredentialVault(config.gateway.secretKey);
  }

  async onModuleInit() {
    await this.reload();
    this.refreshTimer = setInterval(() => {
      this.refreshIfChanged().catch((err: unknown) => this.logger.warn({ err }, 'catalogue refresh failed; keeping the last one'));
    }, this.config.gateway.catalogRefreshMs);
    this.refreshTimer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.refreshTimer);
  }

  /** Every model, enabled or not, in catalogue order: configuration, database (by name), the demo models last. */
  entries(): CatalogEntry[] {
    return [...this.snapshot.values()];
  }

  get(id: string): CatalogEntry | undefined {
    return this.snapshot.get(id);
  }

  /** Circuit breaker state of a deployment on this replica. */
  circuitState(deploymentId: string): 'closed' | 'open' | 'half-open' {
    return this.breakers.get(deploymentId)?.state ?? 'closed';
  }

  /** Rebuilds the catalogue from configuration and the database. Concurrent calls share one rebuild. */
  reload(): Promise<void> {
    this.reloading ??= this.rebuild().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async refreshIfChanged() {
    if ((await this.readFingerprint()) !== this.fingerprint) await this.reload();
  }

  /**
   * Changes whenever a provider, model or deployment is added, changed or removed, and when a credential file is
   * replaced (the kubelet swaps a Secret's files atomically: a new inode).
   */
  private async readFingerprint(): Promise<string> {
    return `${await this.readDatabaseFingerprint()}|${await this.credentialFileStamps()}`;
  }

  private async credentialFileStamps(): Promise<string> {
    const stamps = await Promise.all(
      this.credentialFiles.map((path) =>
        stat(path).then(
          (file) => `${file.ino}:${file.mtimeMs}:${file.size}`,
          () => 'unreadable',
        ),
      ),
    );
    return stamps.join(',');
  }

  private async readDatabaseFingerprint(): Promise<string> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT concat(count(*), '/', max(updated_at)) FROM providers) AS p,
              (SELECT concat(count(*), '/', max(updated_at)) FROM models) AS m,
              (SELECT concat(count(*), '/', max(updated_at)) FROM model_deployments) AS d`,
    )) as { p: string; m: string; d: string }[];
    return `${row.p}|${row.m}|${row.d}`;
  }

  private async rebuild() {
    let fingerprint = 'unavailable';
    let providers: Provider[] = [];
    let models: CatalogModel[] = [];
    try {
      // Read before the rows, so a change made meanwhile shows as a new fingerprint at the next refresh.
      const database = await this.readDatabaseFingerprint();
      [providers, models] = await Promise.all([
        this.dataSource.getRepository(Provider).find(),
        this.dataSource.getRepository(CatalogModel).find({ relations: { deployments: true }, order: { displayName: 'ASC' } }),
      ]);
      this.credentialFiles = providers.flatMap((p) => (p.credentialKind === 'file' && p.credentialReference ? [p.credentialReference] : []));
      fingerprint = `${database}|${await this.credentialFileStamps()}`;
    } catch (err) {
      // Before the migrations ran (or while the database is away) the configured and built-in models still serve;
      // the refresh timer tries again.
      this.logger.warn({ err }, 'catalogue tables unavailable; serving configured models only until they are');
    }
    const next = new Map<string, CatalogEntry>();
    const used = new Set<string>();
    for (const model of this.config.gateway.models) next.set(model.id, this.fromConfiguration(model, used));
    const providerById = new Map(providers.map((p) => [p.id, p]));
    for (const model of models) {
      if (next.has(model.id) || RESERVED_MODEL_IDS.includes(model.id)) {
        this.logger.warn({ modelId: model.id }, 'a database model has the id of a configured model; the configured one wins');
        continue;
      }
      next.set(model.id, this.fromDatabase(model, providerById, used));
    }
    if (this.config.gateway.demoModel) {
      // A comparison needs two models: with the demo models admitted to it (npm start), a second one is offered.
      const demos = this.config.arena.demoModels ? [DEMO_MODEL, BRIEF_DEMO_MODEL] : [DEMO_MODEL];
      for (const demo of demos) next.set(demo.id, this.demoEntry(demo, used));
    }
    for (const id of this.breakers.keys()) if (!used.has(id)) this.breakers.delete(id);
    this.snapshot = next;
    this.fingerprint = fingerprint;
  }

  private fromConfiguration(model: ModelConfig, used: Set<string>): CatalogEntry {
    const deployments: RoutedDeployment[] = [];
    model.deployments.forEach((deployment, index) => {
      const id = `config:${model.id}:${index}`;
      const client = this.buildClient(model.type, id, model.id, {
        baseUrl: deployment.baseUrl,
        upstreamModel: deployment.model,
        credential: deployment.apiKey,
        settings: model.settings,
        providerId: `config:${model.id}`,
      });
      if (client) deployments.push(this.routed(id, model.id, deployment.weight, client, used));
    });
    return {
      id: model.id,
      label: model.label,
      source: 'configuration',
      providerType: model.type,
      demo: false,
      vendor: model.vendor,
      domestic: model.domestic,
      maxInformationClass: model.maxInformationClass,
      capabilities: ['streaming'],
      contextLength: model.contextLength,
      maxOutputTokens: model.maxOutputTokens,
      pricing: { inputPerMTok: model.inputPricePerMTok, outputPerMTok: model.outputPricePerMTok, currency: model.currency },
      enabled: true,
      fallbackModelIds: model.fallbackModelIds,
      access: { organizationIds: [], roles: [] },
      deployments,
    };
  }

  private fromDatabase(model: CatalogModel, providers: Map<string, Provider>, used: Set<string>): CatalogEntry {
    const deployments: RoutedDeployment[] = [];
    const ordered = [...(model.deployments ?? [])].sort((a, b) => a.position - b.position);
    let providerType: ProviderType | undefined;
    for (const deployment of ordered) {
      const provider = providers.get(deployment.providerId);
      if (!provider) continue;
      providerType ??= provider.type;
      if (!deployment.enabled) continue;
      let credential: string | undefined;
      try {
        credential = this.vault.resolve(provider);
      } catch (err) {
        this.logger.error({ providerId: provider.id, modelId: model.id, reason: (err as Error).message }, 'provider credential unavailable; deployment left out');
        continue;
      }
      const timeouts = {
        connectMs: deployment.connectTimeoutMs ?? undefined,
        firstTokenMs: deployment.firstTokenTimeoutMs ?? undefined,
        totalMs: deployment.totalTimeoutMs ?? undefined,
      };
      const client = this.buildClient(
        provider.type,
        deployment.id,
        model.id,
        { providerId: provider.id, baseUrl: provider.baseUrl, upstreamModel: deployment.upstreamModel, credential, settings: provider.settings },
        timeouts,
      );
      if (client) deployments.push(this.routed(deployment.id, model.id, deployment.weight, client, used));
    }
    return {
      id: model.id,
      label: model.displayName,
      source: 'database',
      providerType: providerType ?? 'openai-compatible',
      demo: false,
      vendor: model.vendor,
      domestic: model.domestic,
      maxInformationClass: model.maxInformationClass,
      capabilities: model.capabilities,
      contextLength: model.contextLength,
      maxOutputTokens: model.maxOutputTokens,
      pricing: { inputPerMTok: model.inputPricePerMTok, outputPerMTok: model.outputPricePerMTok, currency: model.currency },
      enabled: model.enabled,
      fallbackModelIds: model.fallbackModelIds,
      access: { organizationIds: model.allowedOrganizationIds, roles: model.allowedRoles },
      deployments,
    };
  }

  private demoEntry(demo: DemoModel, used: Set<string>): CatalogEntry {
    const client = new DemoModelProvider({ chunkDelayMs: this.config.gateway.demoChunkDelayMs, style: demo.style });
    return {
      id: demo.id,
      label: demo.label,
      source: 'built-in',
      providerType: 'demo',
      demo: true,
      demoInArena: this.config.arena.demoModels,
      vendor: DEMO_MODEL_VENDOR,
      domestic: true,
      // Answers are made on this machine and nothing leaves it.
      maxInformationClass: 3,
      capabilities: ['streaming'],
      contextLength: null,
      maxOutputTokens: null,
      pricing: { inputPerMTok: 0, outputPerMTok: 0, currency: 'JPY' },
      enabled: true,
      fallbackModelIds: [],
      access: { organizationIds: [], roles: [] },
      deployments: [this.routed(`built-in:${demo.id}`, demo.id, 1, client, used)],
    };
  }

  private buildClient(
    type: ProviderType,
    deploymentId: string,
    modelId: string,
    target: Parameters<ReturnType<typeof adapterFor>['create']>[0],
    overrides: Partial<UpstreamTimeouts> = {},
  ): ModelClient | undefined {
    const defaults = this.config.gateway.timeouts;
    const totalMs = overrides.totalMs ?? defaults.totalMs;
    const timeouts: UpstreamTimeouts = {
      connectMs: Math.min(overrides.connectMs ?? defaults.connectMs, totalMs),
      firstTokenMs: Math.min(overrides.firstTokenMs ?? defaults.firstTokenMs, totalMs),
      totalMs,
    };
    try {
      return adapterFor(type).create(target, timeouts);
    } catch (err) {
      this.logger.error({ deploymentId, modelId, reason: (err as Error).message }, 'deployment could not be set up; left out');
      return undefined;
    }
  }

  private routed(id: string, modelId: string, weight: number, client: ModelClient, used: Set<string>): RoutedDeployment {
    used.add(id);
    let breaker = this.breakers.get(id);
    if (!breaker) {
      breaker = new CircuitBreaker(this.config.gateway.circuit);
      this.breakers.set(id, breaker);
    }
    return { id, modelId, weight, client, breaker };
  }
}
