import type { CatalogSource, Currency, InformationClass, ModelCapability, ModelView, ProviderType, Role } from '@gennai/contracts';
import type { RoutedDeployment } from '../routing/routed-deployment';

/** A model as the gateway routes it: who may use it, what it costs, and its live deployments. */
export interface CatalogEntry {
  id: string;
  label: string;
  source: CatalogSource;
  providerType: ProviderType | 'demo';
  demo: boolean;
  /**
   * A demo model that blind comparisons may pick all the same (GENNAI_ARENA_DEMO_MODELS, set by `npm start` when no
   * real model is configured). Otherwise the arena leaves demo models out; real models are never affected.
   */
  demoInArena?: boolean;
  vendor: string | null;
  domestic: boolean;
  maxInformationClass: InformationClass;
  capabilities: ModelCapability[];
  contextLength: number | null;
  maxOutputTokens: number | null;
  pricing: { inputPerMTok: number; outputPerMTok: number; currency: Currency };
  enabled: boolean;
  fallbackModelIds: string[];
  /** Empty lists mean everyone. */
  access: { organizationIds: string[]; roles: Role[] };
  /** Deployments that could be built; a misconfigured one is left out and logged. */
  deployments: RoutedDeployment[];
}

/** What users see of a model (no endpoints, no credentials). */
export function toModelView(entry: CatalogEntry): ModelView {
  return {
    id: entry.id,
    label: entry.label,
    provider: entry.providerType,
    demo: entry.demo,
    vendor: entry.vendor,
    domestic: entry.domestic,
    maxInformationClass: entry.maxInformationClass,
    capabilities: [...entry.capabilities],
    contextLength: entry.contextLength,
    maxOutputTokens: entry.maxOutputTokens,
  };
}

/**
 * A model's name where the chat's 「デモ」 badge is not shown — leaderboard, analytics, reports: a demo model says so in
 * its name, so its numbers are never mistaken for a real model's.
 */
export function reportLabel(entry: CatalogEntry): string {
  return entry.demo ? `${entry.label}（デモ）` : entry.label;
}

/** Cost of one request in the model's currency. */
export function costOf(entry: CatalogEntry, inputTokens: number, outputTokens: number): number {
  return (inputTokens * entry.pricing.inputPerMTok + outputTokens * entry.pricing.outputPerMTok) / 1_000_000;
}
