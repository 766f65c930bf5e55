import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CatalogModelView, createModelSchema, updateModelSchema } from '@gennai/contracts';
import type { Logger } from 'pino';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { uuidv7 } from '../../database/uuid-v7';
import { AuditLog } from '../../audit/audit-log.service';
import { ApiException } from '../../http/api.exception';
import type { Caller } from '../../identity/caller';
import { LOGGER } from '../../logging/logger';
import { Organization } from '../../organizations/organization.entity';
import { CatalogModel } from './catalog-model.entity';
import { toCatalogModelView, toReadOnlyModelView } from './catalog.views';
import { findFallbackLoop } from './fallback-loop';
import { RESERVED_MODEL_IDS } from './demo-models';
import { ModelCatalog } from './model-catalog';
import { ModelDeployment } from './model-deployment.entity';
import { Provider } from './provider.entity';
import { isUniqueViolation } from './unique-violation';

type ModelInput = z.output<typeof createModelSchema>;
type ModelPatch = z.output<typeof updateModelSchema>;
type FieldProblem = { field: string; kind: string; params?: Record<string, string | number> };

/** Platform administrators' use cases on models and their deployments. */
@Injectable()
export class ModelsAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: ModelCatalog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditLog,
  ) {}

  /** Every model: configured and built-in ones (read-only), then the database's, by name. */
  async list(): Promise<CatalogModelView[]> {
    const circuit = (id: string) => this.catalog.circuitState(id);
    const readOnly = this.catalog
      .entries()
      .filter((entry) => entry.source !== 'database')
      .map((entry) => toReadOnlyModelView(entry, this.config.gateway.models.find((m) => m.id === entry.id), circuit));
    const stored = await this.dataSource.getRepository(CatalogModel).find({ relations: { deployments: true }, order: { displayName: 'ASC' } });
    return [...readOnly, ...stored.map((model) => toCatalogModelView(model, circuit))];
  }

  async create(caller: Caller, input: ModelInput): Promise<CatalogModelView> {
    const exists = new ApiException(409, 'already_exists', { resource: 'model', id: input.id });
    // The demo models' ids stay reserved while they are switched off, so turning them on never hides a stored model.
    if (RESERVED_MODEL_IDS.includes(input.id) || this.catalog.get(input.id) || (await this.dataSource.getRepository(CatalogModel).existsBy({ id: input.id }))) {
      throw exists;
    }
    await this.dataSource
      .transaction(async (manager) => {
        await this.validate(manager, input.id, input);
        await manager.getRepository(CatalogModel).insert(this.modelRow(manager, input.id, input));
        await this.replaceDeployments(manager, input.id, input.deployments);
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? exists : error;
      });
    return this.changed(caller, 'created', input.id, Object.keys(input));
  }

  async update(caller: Caller, id: string, patch: ModelPatch): Promise<CatalogModelView> {
    if (this.isReadOnly(id)) throw new ApiException(409, 'read_only', { resource: 'model', id });
    await this.dataSource.transaction(async (manager) => {
      const model = await manager.getRepository(CatalogModel).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!model) throw ApiException.notFound('model');
      const merged: ModelInput = {
        ...this.inputOf(model),
        ...patch,
        access: patch.access ?? { organizationIds: model.allowedOrganizationIds, roles: model.allowedRoles },
        deployments: patch.deployments ?? [],
      };
      await this.validate(manager, id, merged, patch.deployments !== undefined);
      await manager.getRepository(CatalogModel).save(this.modelRow(manager, id, merged));
      if (patch.deployments) await this.replaceDeployments(manager, id, patch.deployments);
    });
    return this.changed(caller, 'updated', id, Object.keys(patch));
  }

  async remove(caller: Caller, id: string): Promise<void> {
    if (this.isReadOnly(id)) throw new ApiException(409, 'read_only', { resource: 'model', id });
    const repository = this.dataSource.getRepository(CatalogModel);
    if (!(await repository.existsBy({ id }))) throw ApiException.notFound('model');
    const dependents = this.catalog.entries().filter((entry) => entry.id !== id && entry.fallbackModelIds.includes(id));
    if (dependents.length) throw new ApiException(409, 'in_use', { resource: 'model', id, usedBy: dependents.map((d) => d.id).join(', ') });
    await repository.delete({ id });
    this.logger.info({ by: caller.userId, modelId: id }, 'model deleted');
    await this.audit.record({ action: 'admin.model_deleted', actor: caller, target: { type: 'model', id } });
    await this.catalog.reload();
  }

  private isReadOnly(id: string): boolean {
    const entry = this.catalog.get(id);
    return !!entry && entry.source !== 'database';
  }

  /** References must exist: providers of deployments, fallback models (no loops), organisations allowed. */
  private async validate(manager: EntityManager, id: string, input: ModelInput, checkDeployments = true) {
    const problems: FieldProblem[] = [];
    if (checkDeployments) {
      const providerIds = [...new Set(input.deployments.map((d) => d.providerId))];
      const found = new Set((await manager.getRepository(Provider).findBy({ id: In(providerIds) })).map((p) => p.id));
      input.deployments.forEach((deployment, index) => {
        if (!found.has(deployment.providerId)) problems.push({ field: `deployments.${index}.providerId`, kind: 'unknown_reference', params: { id: deployment.providerId } });
      });
    }
    const stored = new Map(
      (await manager.getRepository(CatalogModel).find({ select: { id: true, fallbackModelIds: true } })).map((m) => [m.id, m.fallbackModelIds]),
    );
    const fallbacksOf = (modelId: string) => (modelId === id ? input.fallbackModelIds : this.catalog.get(modelId)?.fallbackModelIds ?? stored.get(modelId) ?? []);
    input.fallbackModelIds.forEach((fallback, index) => {
      const field = `fallbackModelIds.${index}`;
      if (fallback === id) problems.push({ field, kind: 'self_reference' });
      else if (!this.catalog.get(fallback) && !stored.has(fallback)) problems.push({ field, kind: 'unknown_reference', params: { id: fallback } });
    });
    // A model naming itself is reported above; a loop through other models only here.
    const loop = input.fallbackModelIds.includes(id) ? null : findFallbackLoop(id, fallbacksOf);
    if (loop) problems.push({ field: 'fallbackModelIds', kind: 'fallback_cycle', params: { chain: loop.join(' → ') } });
    const organizationIds = input.access.organizationIds;
    if (organizationIds.length) {
      const known = new Set((await manager.getRepository(Organization).findBy({ id: In(organizationIds) })).map((o) => o.id));
      organizationIds.forEach((orgId, index) => {
        if (!known.has(orgId)) problems.push({ field: `access.organizationIds.${index}`, kind: 'unknown_reference', params: { id: orgId } });
      });
    }
    if (problems.length) throw new ApiException(400, 'validation_failed', {}, problems);
  }

  private modelRow(manager: EntityManager, id: string, input: ModelInput): CatalogModel {
    return manager.getRepository(CatalogModel).create({
      id,
      displayName: input.displayName,
      vendor: input.vendor,
      domestic: input.domestic,
      contextLength: input.contextLength,
      maxOutputTokens: input.maxOutputTokens,
      inputPricePerMTok: input.inputPricePerMTok,
      outputPricePerMTok: input.outputPricePerMTok,
      currency: input.currency,
      maxInformationClass: input.maxInformationClass,
      capabilities: input.capabilities,
      enabled: input.enabled,
      fallbackModelIds: input.fallbackModelIds,
      allowedOrganizationIds: input.access.organizationIds,
      allowedRoles: input.access.roles,
    });
  }

  private inputOf(model: CatalogModel): Omit<ModelInput, 'access' | 'deployments'> {
    return {
      id: model.id,
      displayName: model.displayName,
      vendor: model.vendor,
      domestic: model.domestic,
      contextLength: model.contextLength,
      maxOutputTokens: model.maxOutputTokens,
      inputPricePerMTok: model.inputPricePerMTok,
      outputPricePerMTok: model.outputPricePerMTok,
      currency: model.currency,
      maxInformationClass: model.maxInformationClass,
      capabilities: model.capabilities,
      enabled: model.enabled,
      fallbackModelIds: model.fallbackModelIds,
    };
  }

  /**
   * Replaces the model's deployments with the given list. A deployment that stays (same provider and upstream model)
   * keeps its id, so its circuit breaker and usage history carry on.
   */
  private async replaceDeployments(manager: EntityManager, modelId: string, deployments: ModelInput['deployments']) {
    const repository = manager.getRepository(ModelDeployment);
    const previous = await repository.find({ where: { modelId }, select: { id: true, providerId: true, upstreamModel: true }, order: { position: 'ASC' } });
    const idFor = (deployment: ModelInput['deployments'][number]) => {
      const index = previous.findIndex((p) => p.providerId === deployment.providerId && p.upstreamModel === deployment.upstreamModel);
      return index < 0 ? uuidv7() : previous.splice(index, 1)[0].id;
    };
    const ids = deployments.map(idFor);
    await repository.delete({ modelId });
    if (!deployments.length) return;
    await repository.insert(
      deployments.map((deployment, position) =>
        repository.create({
          id: ids[position],
          modelId,
          providerId: deployment.providerId,
          upstreamModel: deployment.upstreamModel,
          weight: deployment.weight,
          enabled: deployment.enabled,
          position,
          connectTimeoutMs: deployment.timeouts.connectMs ?? null,
          firstTokenTimeoutMs: deployment.timeouts.firstTokenMs ?? null,
          totalTimeoutMs: deployment.timeouts.totalMs ?? null,
        }),
      ),
    );
  }

  /** Logs who changed what (field names), reloads the catalogue and returns the stored model. */
  private async changed(caller: Caller, what: string, id: string, fields: string[]): Promise<CatalogModelView> {
    this.logger.info({ by: caller.userId, modelId: id, fields }, `model ${what}`);
    await this.audit.record({ action: `admin.model_${what}`, actor: caller, target: { type: 'model', id }, details: { fields: fields.join(',') } });
    await this.catalog.reload();
    const model = await this.dataSource.getRepository(CatalogModel).findOneOrFail({ where: { id }, relations: { deployments: true } });
    return toCatalogModelView(model, (deploymentId) => this.catalog.circuitState(deploymentId));
  }
}
