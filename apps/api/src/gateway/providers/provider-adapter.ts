import type { Locale, ProviderType } from '@gennai/contracts';
import type { z } from 'zod';
import type { ModelClient, UpstreamTimeouts } from '../model-client';

/** Everything an adapter needs to reach one deployment, with the credential already resolved (never logged). */
export interface DeploymentTarget {
  providerId: string;
  /** null when the provider type has a fixed public endpoint or derives it from settings (Bedrock's region). */
  baseUrl: string | null;
  /** The model's name at the provider. */
  upstreamModel: string;
  /** API key, or for Bedrock a JSON `{"accessKeyId","secretAccessKey","sessionToken"?}`; undefined for none. */
  credential?: string;
  /** Validated by the adapter's `settingsSchema`. */
  settings: Record<string, string | number | boolean>;
}

/**
 * One wire format. Adding a provider type = one file exporting a ProviderAdapter (built on ./http-stream.ts or
 * ./upstream-call.ts), one line in ./index.ts, its test server in tools/testing/provider-test-servers.mjs, one fixture
 * in ./provider-contract.spec.ts and its own spec beside it (see docs/developer/adding-a-provider.md).
 */
export interface ProviderAdapter {
  type: ProviderType;
  /** How the admin UI and docs name it. */
  label: Record<Locale, string>;
  /** Whether `baseUrl` must be given (false when the adapter has a default endpoint). */
  requiresBaseUrl: boolean;
  /** Type-specific settings, e.g. `{ region }`: a strict object schema (unknown keys are refused); its keys name them. */
  settingsSchema: z.ZodObject<Record<string, z.ZodType<string | number | boolean | undefined>>, z.core.$strict>;
  /** Builds a client for one deployment; called when the catalogue is (re)loaded, never per request. */
  create(target: DeploymentTarget, timeouts: UpstreamTimeouts): ModelClient;
}
