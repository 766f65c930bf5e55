import { z } from 'zod';
import { ROLES, type Role } from './auth';
import { API_KEY_DEFAULT_SCOPES, API_KEY_MAX_DAYS, API_KEY_SCOPES, CURRENCIES, MODEL_CAPABILITIES, PROVIDER_TYPES, type Currency, type InformationClass, type ModelCapability, type ProviderType, type ApiKeyScope } from './gateway-constants';

export * from './gateway-constants';

export const informationClassSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/** Lower-case ids used in URLs and in the OpenAI-compatible API's `model` field. */
export const catalogIdSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ - (max 64)');

/**
 * How a provider's credential is given. `value` is encrypted at rest (GENNAI_SECRET_KEY) and never returned;
 * `env` names an environment variable and `file` a mounted file (both filled from a Kubernetes Secret); `none`
 * for keyless endpoints or the cloud's own identity (e.g. IAM roles for Bedrock).
 */
export const credentialInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('value'), value: z.string().min(1).max(8192) }),
  z.strictObject({ kind: z.literal('env'), name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. PLAMO_API_KEY') }),
  z.strictObject({ kind: z.literal('file'), path: z.string().regex(/^\/[^\0]*$/, 'an absolute path').max(1024) }),
  z.strictObject({ kind: z.literal('none') }),
]);
export type CredentialInput = z.infer<typeof credentialInputSchema>;

/**
 * A provider's editable fields, none defaulted. The creation schema adds the defaults; the update schema makes every
 * field optional — a default there would silently reset what an administrator did not mean to change.
 */
const providerFields = {
  displayName: z.string().trim().min(1).max(200),
  type: z.enum(PROVIDER_TYPES),
  /** Endpoint base URL; optional for Bedrock (the region decides) and Gemini/Anthropic (their public API). */
  baseUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
  /** Type-specific settings, e.g. `{ region }` (bedrock), `{ apiVersion }` (azure-openai), `{ clientId }` (cotomi). */
  settings: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean()])),
  credential: credentialInputSchema,
};

/** POST /api/admin/providers */
export const createProviderSchema = z.strictObject({
  id: catalogIdSchema,
  ...providerFields,
  settings: providerFields.settings.default({}),
  credential: providerFields.credential.default({ kind: 'none' }),
});
export type CreateProviderRequest = z.input<typeof createProviderSchema>;
/** PATCH /api/admin/providers/:id: only the fields given change (omit `credential` to keep the stored one). */
export const updateProviderSchema = z.strictObject(providerFields).partial();
export type UpdateProviderRequest = z.input<typeof updateProviderSchema>;

/** Where a catalogue entry comes from: the admin UI (database) or GENNAI_MODELS (read-only in the UI). */
export type CatalogSource = 'database' | 'configuration' | 'built-in';

export interface ProviderView {
  id: string;
  displayName: string;
  type: ProviderType;
  baseUrl: string | null;
  settings: Record<string, string | number | boolean>;
  /** Never the secret itself: only how it is provided and whether it is set. */
  credential: { kind: 'encrypted' | 'env' | 'file' | 'none'; reference: string | null };
  source: CatalogSource;
  createdAt: string | null;
  updatedAt: string | null;
}

export const deploymentInputSchema = z.strictObject({
  providerId: catalogIdSchema,
  /** The model's name at the provider (e.g. `pfnet/plamo-2.0-prime`, an Azure deployment name, a Bedrock model id). */
  upstreamModel: z.string().trim().min(1).max(300),
  /** Relative share of traffic among the model's enabled deployments (0 = standby: used only when others fail). */
  weight: z.number().int().min(0).max(1000).default(1),
  enabled: z.boolean().default(true),
  timeouts: z
    .strictObject({
      connectMs: z.number().int().min(100).max(600_000).optional(),
      firstTokenMs: z.number().int().min(100).max(600_000).optional(),
      totalMs: z.number().int().min(1000).max(3_600_000).optional(),
    })
    .default({}),
});
export type DeploymentInput = z.input<typeof deploymentInputSchema>;

export const modelAccessSchema = z.strictObject({
  /** Organisations allowed to use the model; empty means every organisation. */
  organizationIds: z.array(z.uuid()).max(1000).default([]),
  /** Roles allowed to use the model; empty means every signed-in user. */
  roles: z.array(z.enum(ROLES)).default([]),
});

const price = z.number().min(0).max(1_000_000);

/** A model's editable fields, none defaulted (see providerFields). */
const modelFields = {
  displayName: z.string().trim().min(1).max(200),
  vendor: z.string().trim().min(1).max(200),
  /** Developed in Japan (国産モデル). */
  domestic: z.boolean(),
  contextLength: z.number().int().min(256).max(10_000_000),
  maxOutputTokens: z.number().int().min(1).max(1_000_000),
  /** Prices per one million tokens, in `currency`. */
  inputPricePerMTok: price,
  outputPricePerMTok: price,
  currency: z.enum(CURRENCIES),
  maxInformationClass: informationClassSchema,
  capabilities: z.array(z.enum(MODEL_CAPABILITIES)),
  enabled: z.boolean(),
  /** Models tried in order when every deployment of this one fails before answering. */
  fallbackModelIds: z.array(catalogIdSchema).max(5),
  access: modelAccessSchema,
  deployments: z.array(deploymentInputSchema).max(20),
};

/** POST /api/admin/models */
export const createModelSchema = z.strictObject({
  id: catalogIdSchema,
  ...modelFields,
  inputPricePerMTok: modelFields.inputPricePerMTok.default(0),
  outputPricePerMTok: modelFields.outputPricePerMTok.default(0),
  currency: modelFields.currency.default('JPY'),
  capabilities: modelFields.capabilities.default(['streaming']),
  enabled: modelFields.enabled.default(true),
  fallbackModelIds: modelFields.fallbackModelIds.default([]),
  access: modelFields.access.default({ organizationIds: [], roles: [] }),
  deployments: modelFields.deployments.default([]),
});
export type CreateModelRequest = z.input<typeof createModelSchema>;
/** PATCH /api/admin/models/:id: only the fields given change (`deployments`, when given, replaces the list). */
export const updateModelSchema = z.strictObject(modelFields).partial();
export type UpdateModelRequest = z.input<typeof updateModelSchema>;

export interface DeploymentView {
  id: string;
  providerId: string;
  upstreamModel: string;
  weight: number;
  enabled: boolean;
  timeouts: { connectMs?: number; firstTokenMs?: number; totalMs?: number };
  /** Circuit breaker state on this API replica. */
  circuit: 'closed' | 'open' | 'half-open';
}

/** A model as administrators see it (GET /api/admin/models). */
export interface CatalogModelView {
  id: string;
  displayName: string;
  vendor: string;
  domestic: boolean;
  contextLength: number;
  maxOutputTokens: number;
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  currency: Currency;
  maxInformationClass: InformationClass;
  capabilities: ModelCapability[];
  enabled: boolean;
  fallbackModelIds: string[];
  access: { organizationIds: string[]; roles: Role[] };
  deployments: DeploymentView[];
  source: CatalogSource;
  createdAt: string | null;
  updatedAt: string | null;
}

// ---- Quotas --------------------------------------------------------------------------------------------------------

export const QUOTA_SCOPES = ['organization', 'user'] as const;
export type QuotaScope = (typeof QUOTA_SCOPES)[number];
export const QUOTA_PERIODS = ['day', 'month'] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

/**
 * PUT /api/admin/quotas. `scope: organization` limits an organisation's total; `scope: user` limits each of its
 * users. `organizationId: null` is the platform-wide default, replaced by a rule for a specific organisation.
 * Days and months are counted in GENNAI_QUOTA_TIME_ZONE (Asia/Tokyo by default).
 */
export const quotaRuleInputSchema = z
  .strictObject({
    scope: z.enum(QUOTA_SCOPES),
    organizationId: z.uuid().nullable(),
    period: z.enum(QUOTA_PERIODS),
    /** null = no limit on this measure. */
    maxRequests: z.number().int().min(0).max(1_000_000_000).nullable(),
    maxTokens: z.number().int().min(0).max(1_000_000_000_000).nullable(),
  })
  .refine((rule) => rule.maxRequests !== null || rule.maxTokens !== null, {
    message: 'set maxRequests, maxTokens or both',
    path: ['maxRequests'],
  });
export type QuotaRuleInput = z.infer<typeof quotaRuleInputSchema>;

export interface QuotaRuleView extends QuotaRuleInput {
  id: string;
  organizationName: string | null;
  updatedAt: string;
}

/** One limit that applies to the caller, with what is left (GET /api/me/quota). */
export interface QuotaAllowanceView {
  scope: QuotaScope;
  period: QuotaPeriod;
  maxRequests: number | null;
  maxTokens: number | null;
  usedRequests: number;
  usedTokens: number;
  remainingRequests: number | null;
  remainingTokens: number | null;
  /** When the period restarts (ISO time). */
  resetsAt: string;
}

export interface QuotaStatusView {
  /** Empty when no limit applies. */
  allowances: QuotaAllowanceView[];
  /** Requests per minute allowed per user (per API replica); null when unlimited. */
  rateLimitPerMinute: number | null;
}

// ---- Usage ---------------------------------------------------------------------------------------------------------

export const USAGE_GROUPS = ['organization', 'model', 'day'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];
/** Where a model request came from: the chat, the /v1 API, or a blind comparison (arena). */
export type UsageApp = 'chat' | 'api' | 'arena';
export type UsageOutcome = 'complete' | 'failed' | 'interrupted' | 'refused';

/** GET /api/admin/usage query. Dates are calendar days in GENNAI_QUOTA_TIME_ZONE, `to` inclusive. */
export const usageQuerySchema = z.strictObject({
  groupBy: z.enum(USAGE_GROUPS).default('day'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  organizationId: z.uuid().optional(),
  modelId: catalogIdSchema.optional(),
});
export type UsageQuery = z.input<typeof usageQuerySchema>;

export interface UsageRowView {
  /** Organisation id, model id or day (YYYY-MM-DD). */
  key: string;
  label: string;
  requests: number;
  failedRequests: number;
  inputTokens: number;
  outputTokens: number;
  /**
   * Cost summed per currency: each model's prices are in its own currency, and amounts are never converted or added
   * across currencies. Every currency is present (0 when nothing was spent in it).
   */
  costs: Record<Currency, number>;
  averageLatencyMs: number | null;
  averageTimeToFirstTokenMs: number | null;
}

export interface UsageReportView {
  groupBy: UsageGroup;
  from: string;
  to: string;
  rows: UsageRowView[];
  totals: Omit<UsageRowView, 'key' | 'label'>;
}

// ---- Personal API keys ---------------------------------------------------------------------------------------------


/** POST /api/api-keys */
export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(API_KEY_MAX_DAYS).default(90),
  /** Models the key may call; empty means every model the owner may use. */
  modelIds: z.array(catalogIdSchema).max(100).default([]),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).default([...API_KEY_DEFAULT_SCOPES]),
});
export type CreateApiKeyRequest = z.input<typeof createApiKeySchema>;

export interface ApiKeyView {
  id: string;
  name: string;
  /** The first characters of the key, to recognise it (`gnai_AbC1…`). */
  prefix: string;
  modelIds: string[];
  scopes: ApiKeyScope[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Returned once, at creation: the only time the secret is shown. */
export interface CreatedApiKeyView extends ApiKeyView {
  secret: string;
}
