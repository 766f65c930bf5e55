import type { CatalogModelView, DeploymentView, ProviderView } from '@gennai/contracts';
import type { ModelConfig } from '../../config/app-config';
import type { CatalogEntry } from './catalog-entry';
import type { CatalogModel } from './catalog-model.entity';
import type { ModelDeployment } from './model-deployment.entity';
import type { Provider } from './provider.entity';

type CircuitOf = (deploymentId: string) => DeploymentView['circuit'];

/** Provider id shown for the built-in demo model's deployment; no stored provider may take it. */
export const BUILT_IN_PROVIDER_ID = 'built-in';

/** A provider as administrators see it: how its credential is provided, never the credential. */
export function toProviderView(provider: Provider): ProviderView {
  return {
    id: provider.id,
    displayName: provider.displayName,
    type: provider.type,
    baseUrl: provider.baseUrl,
    settings: provider.settings,
    credential: {
      kind: provider.credentialKind,
      reference: provider.credentialKind === 'env' || provider.credentialKind === 'file' ? provider.credentialReference : null,
    },
    source: 'database',
    createdAt: provider.createdAt.toISOString(),
    updatedAt: provider.updatedAt.toISOString(),
  };
}

function toDeploymentView(deployment: ModelDeployment, circuit: CircuitOf): DeploymentView {
  return {
    id: deployment.id,
    providerId: deployment.providerId,
    upstreamModel: deployment.upstreamModel,
    weight: deployment.weight,
    enabled: deployment.enabled,
    timeouts: {
      ...(deployment.connectTimeoutMs !== null && { connectMs: deployment.connectTimeoutMs }),
      ...(deployment.firstTokenTimeoutMs !== null && { firstTokenMs: deployment.firstTokenTimeoutMs }),
      ...(deployment.totalTimeoutMs !== null && { totalMs: deployment.totalTimeoutMs }),
    },
    circuit: circuit(deployment.id),
  };
}

export function toCatalogModelView(model: CatalogModel, circuit: CircuitOf): CatalogModelView {
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
    access: { organizationIds: model.allowedOrganizationIds, roles: model.allowedRoles },
    deployments: [...(model.deployments ?? [])].sort((a, b) => a.position - b.position).map((d) => toDeploymentView(d, circuit)),
    source: 'database',
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
  };
}

/** A model from GENNAI_MODELS or the built-in demo model: shown read-only, without endpoints or keys. */
export function toReadOnlyModelView(entry: CatalogEntry, config: ModelConfig | undefined, circuit: CircuitOf): CatalogModelView {
  return {
    id: entry.id,
    displayName: entry.label,
    vendor: entry.vendor ?? '',
    domestic: entry.domestic,
    contextLength: entry.contextLength ?? 0,
    maxOutputTokens: entry.maxOutputTokens ?? 0,
    inputPricePerMTok: entry.pricing.inputPerMTok,
    outputPricePerMTok: entry.pricing.outputPerMTok,
    currency: entry.pricing.currency,
    maxInformationClass: entry.maxInformationClass,
    capabilities: entry.capabilities,
    enabled: entry.enabled,
    fallbackModelIds: entry.fallbackModelIds,
    access: { organizationIds: entry.access.organizationIds, roles: entry.access.roles },
    deployments: entry.deployments.map((d, index) => ({
      id: d.id,
      providerId: entry.source === 'built-in' ? BUILT_IN_PROVIDER_ID : `config:${entry.id}`,
      upstreamModel: config?.deployments[index]?.model ?? entry.id,
      weight: d.weight,
      enabled: true,
      timeouts: {},
      circuit: circuit(d.id),
    })),
    source: entry.source,
    createdAt: null,
    updatedAt: null,
  };
}
