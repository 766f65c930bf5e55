import { z } from 'zod';
import { DEFAULT_MESSAGE_MAX_CHARS, PROVIDER_TYPES, type InformationClass, type ProviderType } from '@gennai/contracts';
import { RESERVED_MODEL_IDS } from '../gateway/catalog/demo-models';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1'));

const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name');

/** One endpoint of a configured model. */
const deploymentSchema = z.strictObject({
  baseUrl: url.optional(),
  /** Model name the upstream expects. */
  model: z.string().min(1),
  /** Name of the environment variable holding the API key (so keys live in Secrets, not in this JSON). */
  apiKeyEnv: envName.optional(),
  weight: z.number().int().min(0).max(1000).default(1),
});

/**
 * A model declared in configuration (GENNAI_MODELS): read-only in the admin UI, beside the models administrators
 * add there. Either one endpoint (`baseUrl` + `model`) or several `deployments`.
 */
const modelSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ - (max 64)'),
    label: z.string().min(1).max(100),
    type: z.enum(PROVIDER_TYPES).default('openai-compatible'),
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    baseUrl: url.optional(),
    model: z.string().min(1).optional(),
    apiKeyEnv: envName.optional(),
    deployments: z.array(deploymentSchema).min(1).max(20).optional(),
    vendor: z.string().min(1).max(200).optional(),
    domestic: z.boolean().default(false),
    maxInformationClass: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
    contextLength: z.number().int().min(256).optional(),
    maxOutputTokens: z.number().int().min(1).optional(),
    inputPricePerMTok: z.number().min(0).default(0),
    outputPricePerMTok: z.number().min(0).default(0),
    currency: z.enum(['JPY', 'USD']).default('JPY'),
    fallbackModelIds: z.array(z.string()).max(5).default([]),
  })
  .refine((m) => (m.deployments ? !m.model && !m.baseUrl : !!m.model), {
    message: 'give either "model" (and "baseUrl") or "deployments", not both',
  });

/**
 * The API's whole configuration, read from environment variables and validated at boot.
 * docs/operator/configuration.md and .env.example describe every variable (keep them in step).
 */
export const configSchema = z.object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('Runtime mode: development, production or test. Production refuses development-only features.'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('TCP port the API listens on.'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Log level of the JSON logs (fatal, error, warn, info, debug, trace, silent).'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').describe('PostgreSQL connection URL, e.g. postgres://gennai:<password>@db:5432/gennai. Secret.'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('Connections per API replica.'),
    DATABASE_SSL: bool(false).describe('Connect to PostgreSQL with TLS (certificate verified).'),
    KEYCLOAK_URL: url.optional().describe("Public base URL of Keycloak, e.g. https://id.example.go.jp. Tokens must be issued by <KEYCLOAK_URL>/realms/<KEYCLOAK_REALM>; the API fetches the realm's keys from there."),
    KEYCLOAK_REALM: z.string().min(1).default('gennai').describe('Keycloak realm.'),
    KEYCLOAK_API_CLIENT: z.string().min(1).default('gennai-api').describe("Audience every access token must carry (the API's client id)."),
    KEYCLOAK_WEB_CLIENT: z.string().min(1).default('gennai-web').describe('Public PKCE client the web app signs in with.'),
    GENNAI_PUBLIC_URL: url.default('http://localhost:3000').describe('URL users open in their browser.'),
    GENNAI_DEV_IDENTITY: bool(false).describe('Serve the built-in development identity provider (demo users, no passwords) instead of Keycloak. Refused in production.'),
    GENNAI_DEMO_MODEL: bool(true).describe('Offer the offline demo model (clearly labelled as a demo).'),
    GENNAI_MODELS: z
      .string()
      .default('[]')
      .transform((raw, ctx) => {
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON array of models' });
          return z.NEVER;
        }
      })
      .pipe(z.array(modelSchema)).describe('JSON array of models declared in configuration (read-only in the admin UI): [{"id","label","baseUrl","model","apiKeyEnv"}] or with "type", "settings", "deployments":[{"baseUrl","model","apiKeyEnv","weight"}], "maxInformationClass", "fallbackModelIds", prices; see docs/operator/models.md.'),
    GENNAI_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000).describe('Milliseconds a whole answer may take (per attempt); a deployment may set its own.'),
    GENNAI_UPSTREAM_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000).describe('Milliseconds until a model endpoint must answer with response headers.'),
    GENNAI_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000).describe('Milliseconds until the first piece of an answer must arrive (capped by GENNAI_UPSTREAM_TIMEOUT_MS).'),
    GENNAI_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3).describe('Attempts per model (across its deployments) on 429/5xx/connection errors before the fallback chain; never after the first token reached the user.'),
    GENNAI_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(200).describe('First retry delay; doubles each retry, with full jitter, capped at 5 s (a longer Retry-After moves on to the next deployment).'),
    GENNAI_CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(5).describe('Consecutive failures that open a deployment\'s circuit breaker (per API replica).'),
    GENNAI_CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000).describe('Milliseconds an open circuit stays open before one trial request is let through.'),
    GENNAI_CATALOG_REFRESH_MS: z.coerce.number().int().min(500).max(3_600_000).default(10_000).describe('How often each replica checks the database for catalogue changes made on another replica.'),
    GENNAI_SECRET_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)').optional().describe('Key that encrypts provider credentials stored in the database (AES-256-GCM). Secret. Without it only env/file credential references are accepted.'),
    GENNAI_VENDOR_PSEUDONYM_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)').optional().describe('Key of the keyed hashes that pseudonymise users (and record ids) in vendor feedback exports, one derived key per vendor. Secret; keep it stable, or every pseudonym changes. Without it the vendor export is refused. See docs/operator/vendor-feedback.md.'),
    GENNAI_DEFAULT_INFORMATION_CLASS: z.enum(['1', '2', '3']).default('2').transform(Number).describe('機密性 (information class) of new conversations for organisations that have not set their own: 1, 2 or 3.'),
    GENNAI_QUOTA_TIME_ZONE: z.string().min(1).default('Asia/Tokyo').refine((zone) => { try { new Intl.DateTimeFormat('en', { timeZone: zone }); return true; } catch { return false; } }, 'must be an IANA time zone, e.g. Asia/Tokyo').describe('Time zone in which quota days and months start and usage reports count days.'),
    GENNAI_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(60).describe('Model requests per user per minute, per API replica (0 = no limit).'),
    GENNAI_API_KEY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(120).describe('Requests per personal API key per minute, per API replica (0 = no limit).'),
    GENNAI_USAGE_FLUSH_MS: z.coerce.number().int().min(50).max(60_000).default(1_000).describe('Usage records are written in batches at least this often; a crash loses at most this window (see docs/operator/models.md).'),
    GENNAI_USAGE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500).describe('Usage records per insert; a full batch is written at once.'),
    GENNAI_MAX_MESSAGE_CHARS: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_MESSAGE_MAX_CHARS).describe('Longest message a user may send, in characters.'),
    GENNAI_ARENA_DEMO_MODELS: bool(false).describe('Let blind comparisons (比較) pick the offline demo models, adding a second one with another answer style, so comparing works without a real model (npm start sets it when GENNAI_MODELS is empty). Votes on demo models are not evaluation: refused in production, and needs GENNAI_DEMO_MODEL.'),
    GENNAI_ARENA_DAILY_BATTLES: z.coerce.number().int().min(0).max(10_000).default(50).describe('Blind comparisons (比較) a user may start per day, counted in GENNAI_QUOTA_TIME_ZONE (0 = comparisons are switched off).'),
    GENNAI_RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60).describe('Minutes between runs of the retention job (one replica runs it at a time; 0 = never, e.g. when a CronJob runs npm run retention:run instead). See docs/operator/retention.md.'),
    GENNAI_ANALYTICS_ROLLUP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1_440).default(5).describe('Minutes between runs of the analytics roll-up, which rewrites the last 3 days of the dashboards\' daily tables (one replica runs it at a time; 0 = never, e.g. when a CronJob runs npm run analytics:rollup instead). Dashboards lag the raw records by up to this much. See docs/developer/analytics.md.'),
    GENNAI_EVALUATION_JUDGE_MODEL: z.string().trim().max(64).optional().describe('Catalogue model id of an LLM judge that refines low-confidence task categories of recent conversations and comparisons (one replica at a time; conversations above the model\'s information class are never sent). Unset or empty = the offline classifier only. See docs/user/evaluation.md.'),
    GENNAI_EVALUATION_JUDGE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1_440).default(10).describe('Minutes between runs of the task-category judge (only when GENNAI_EVALUATION_JUDGE_MODEL is set).'),
    GENNAI_WEB_DIST: z.string().min(1).optional().describe('Directory of the built web app for the API to serve (npm start only; in Kubernetes the web image serves it).'),
});

const truthy = (value: string | undefined) => value === 'true' || value === '1';

/** Rules that involve several variables; they run even when single variables are invalid. */
function crossChecks(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const devIdentity = truthy(env.GENNAI_DEV_IDENTITY);
  if (devIdentity && env.NODE_ENV === 'production') {
    problems.push('GENNAI_DEV_IDENTITY: the development identity provider is refused when NODE_ENV=production');
  }
  if (devIdentity && env.KEYCLOAK_URL) {
    problems.push('KEYCLOAK_URL: set either KEYCLOAK_URL (real Keycloak) or GENNAI_DEV_IDENTITY=true, not both');
  }
  if (!devIdentity && !env.KEYCLOAK_URL) {
    problems.push('KEYCLOAK_URL: required (or GENNAI_DEV_IDENTITY=true outside production)');
  }
  if (truthy(env.GENNAI_ARENA_DEMO_MODELS)) {
    if (env.NODE_ENV === 'production') problems.push('GENNAI_ARENA_DEMO_MODELS: comparisons with the demo models are refused when NODE_ENV=production');
    if (env.GENNAI_DEMO_MODEL === 'false' || env.GENNAI_DEMO_MODEL === '0') problems.push('GENNAI_ARENA_DEMO_MODELS: needs the demo model (GENNAI_DEMO_MODEL=true)');
  }
  return problems;
}

/** A model declared in GENNAI_MODELS, with its deployments' keys read from their env vars. */
export interface ModelConfig {
  id: string;
  label: string;
  type: ProviderType;
  settings: Record<string, string | number | boolean>;
  deployments: { baseUrl: string | null; model: string; apiKey?: string; weight: number }[];
  vendor: string | null;
  domestic: boolean;
  maxInformationClass: InformationClass;
  contextLength: number | null;
  maxOutputTokens: number | null;
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  currency: 'JPY' | 'USD';
  fallbackModelIds: string[];
}

export interface GatewayConfig {
  demoModel: boolean;
  models: ModelConfig[];
  timeouts: { connectMs: number; firstTokenMs: number; totalMs: number };
  retry: { maxAttempts: number; baseDelayMs: number };
  circuit: { failureThreshold: number; cooldownMs: number };
  catalogRefreshMs: number;
  /** 32-byte key for provider credentials stored in the database; undefined = only references allowed. */
  secretKey?: Buffer;
  defaultInformationClass: InformationClass;
  quotaTimeZone: string;
  rateLimitPerMinute: { user: number; apiKey: number };
  usage: { flushMs: number; batchSize: number };
  /** Delay between the demo model's chunks (tests set 0); default 20 ms. */
  demoChunkDelayMs?: number;
}

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  logLevel: string;
  database: { url: string; poolSize: number; ssl: boolean };
  identity: {
    /** Base URL of the identity provider as browsers and token issuers see it. */
    url: string;
    realm: string;
    apiClientId: string;
    webClientId: string;
    developmentProvider: boolean;
  };
  publicUrl: string;
  gateway: GatewayConfig;
  chat: { maxMessageChars: number };
  /** Blind comparisons: how many a user may start per day; whether the offline demo models may take part (npm start). */
  arena: { dailyBattles: number; demoModels: boolean };
  /** The LLM judge refining task categories; no model = not run. */
  evaluationJudge: { modelId?: string; intervalMinutes: number };
  /** The retention job's schedule; 0 minutes = not scheduled. */
  retention: { intervalMinutes: number };
  /** The analytics roll-up's schedule; 0 minutes = not scheduled. */
  analytics: { rollupIntervalMinutes: number };
  /** 32-byte key of the vendor export's pseudonyms; undefined = the export is refused. */
  vendorExport: { pseudonymKey?: Buffer };
  webDist?: string;
}

/** Thrown when the environment is invalid: its message names every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  const problems = crossChecks(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [variable, ...rest] = issue.path;
      const where = rest.length ? `${String(variable)}[${rest.join('.')}]` : String(variable);
      problems.unshift(`${where}: ${issue.message}`);
    }
  }
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const ids = new Set<string>(RESERVED_MODEL_IDS);
  for (const model of e.GENNAI_MODELS) {
    if (ids.has(model.id)) problems.push(`GENNAI_MODELS: duplicate model id "${model.id}" (${RESERVED_MODEL_IDS.map((id) => `"${id}"`).join(' and ')} are reserved)`);
    ids.add(model.id);
  }
  const keyOf = (modelId: string, apiKeyEnv: string | undefined) => {
    const apiKey = apiKeyEnv ? env[apiKeyEnv] : undefined;
    if (apiKeyEnv && !apiKey) problems.push(`${apiKeyEnv}: required by model "${modelId}" (GENNAI_MODELS apiKeyEnv)`);
    return apiKey;
  };
  const models: ModelConfig[] = e.GENNAI_MODELS.map((model) => ({
    id: model.id,
    label: model.label,
    type: model.type,
    settings: model.settings,
    deployments: (model.deployments ?? [{ baseUrl: model.baseUrl, model: model.model as string, apiKeyEnv: model.apiKeyEnv, weight: 1 }]).map((d) => ({
      baseUrl: d.baseUrl ?? null,
      model: d.model,
      apiKey: keyOf(model.id, d.apiKeyEnv),
      weight: d.weight,
    })),
    vendor: model.vendor ?? null,
    domestic: model.domestic,
    maxInformationClass: model.maxInformationClass,
    contextLength: model.contextLength ?? null,
    maxOutputTokens: model.maxOutputTokens ?? null,
    inputPricePerMTok: model.inputPricePerMTok,
    outputPricePerMTok: model.outputPricePerMTok,
    currency: model.currency,
    fallbackModelIds: model.fallbackModelIds,
  }));
  for (const model of models) {
    for (const fallback of model.fallbackModelIds) {
      if (!ids.has(fallback)) problems.push(`GENNAI_MODELS: model "${model.id}" falls back to unknown model "${fallback}"`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, ssl: e.DATABASE_SSL },
    identity: {
      url: e.KEYCLOAK_URL ?? e.GENNAI_PUBLIC_URL,
      realm: e.KEYCLOAK_REALM,
      apiClientId: e.KEYCLOAK_API_CLIENT,
      webClientId: e.KEYCLOAK_WEB_CLIENT,
      developmentProvider: e.GENNAI_DEV_IDENTITY,
    },
    publicUrl: e.GENNAI_PUBLIC_URL,
    gateway: {
      demoModel: e.GENNAI_DEMO_MODEL,
      models,
      timeouts: {
        connectMs: e.GENNAI_UPSTREAM_CONNECT_TIMEOUT_MS,
        firstTokenMs: Math.min(e.GENNAI_FIRST_TOKEN_TIMEOUT_MS, e.GENNAI_UPSTREAM_TIMEOUT_MS),
        totalMs: e.GENNAI_UPSTREAM_TIMEOUT_MS,
      },
      retry: { maxAttempts: e.GENNAI_RETRY_MAX_ATTEMPTS, baseDelayMs: e.GENNAI_RETRY_BASE_DELAY_MS },
      circuit: { failureThreshold: e.GENNAI_CIRCUIT_FAILURE_THRESHOLD, cooldownMs: e.GENNAI_CIRCUIT_COOLDOWN_MS },
      catalogRefreshMs: e.GENNAI_CATALOG_REFRESH_MS,
      secretKey: e.GENNAI_SECRET_KEY ? Buffer.from(e.GENNAI_SECRET_KEY, 'base64') : undefined,
      defaultInformationClass: e.GENNAI_DEFAULT_INFORMATION_CLASS as InformationClass,
      quotaTimeZone: e.GENNAI_QUOTA_TIME_ZONE,
      rateLimitPerMinute: { user: e.GENNAI_RATE_LIMIT_PER_MINUTE, apiKey: e.GENNAI_API_KEY_RATE_LIMIT_PER_MINUTE },
      usage: { flushMs: e.GENNAI_USAGE_FLUSH_MS, batchSize: e.GENNAI_USAGE_BATCH_SIZE },
    },
    chat: { maxMessageChars: e.GENNAI_MAX_MESSAGE_CHARS },
    arena: { dailyBattles: e.GENNAI_ARENA_DAILY_BATTLES, demoModels: e.GENNAI_ARENA_DEMO_MODELS },
    evaluationJudge: { modelId: e.GENNAI_EVALUATION_JUDGE_MODEL || undefined, intervalMinutes: e.GENNAI_EVALUATION_JUDGE_INTERVAL_MINUTES },
    retention: { intervalMinutes: e.GENNAI_RETENTION_INTERVAL_MINUTES },
    analytics: { rollupIntervalMinutes: e.GENNAI_ANALYTICS_ROLLUP_INTERVAL_MINUTES },
    vendorExport: { pseudonymKey: e.GENNAI_VENDOR_PSEUDONYM_KEY ? Buffer.from(e.GENNAI_VENDOR_PSEUDONYM_KEY, 'base64') : undefined },
    webDist: e.GENNAI_WEB_DIST,
  };
}

/** The injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
