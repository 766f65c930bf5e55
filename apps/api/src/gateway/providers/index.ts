import type { ProviderType } from '@gennai/contracts';
import { anthropicAdapter } from './anthropic.provider';
import { azureOpenAiAdapter } from './azure-openai.provider';
import { bedrockAdapter } from './bedrock.provider';
import { cotomiAdapter } from './cotomi.provider';
import { geminiAdapter } from './gemini.provider';
import { openAiCompatibleAdapter } from './openai-compatible.provider';
import type { ProviderAdapter } from './provider-adapter';

export type { DeploymentTarget, ProviderAdapter } from './provider-adapter';

/** Every wire format the gateway speaks, by provider type. Adding one: docs/developer/adding-a-provider.md. */
export const PROVIDER_ADAPTERS: Record<ProviderType, ProviderAdapter> = {
  'openai-compatible': openAiCompatibleAdapter,
  'azure-openai': azureOpenAiAdapter,
  bedrock: bedrockAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  cotomi: cotomiAdapter,
};

/** The adapter for a provider type; throws for a type this build does not know (e.g. a newer database row). */
export function adapterFor(type: ProviderType): ProviderAdapter {
  const adapter = Object.hasOwn(PROVIDER_ADAPTERS, type) ? PROVIDER_ADAPTERS[type] : undefined;
  if (!adapter) throw new Error(`unknown provider type "${type}"`);
  return adapter;
}
