import { z } from 'zod';
import { DEFAULT_MESSAGE_MAX_CHARS } from '@gennai/contracts';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1'));

const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

/** One model served by an OpenAI-compatible endpoint (vLLM, Ollama, PLaMo API, …). */
const modelSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ - (max 64)'),
  label: z.string().min(1).max(100),
  baseUrl: url,
  model: z.string().min(1),
  /** Name of the environment variable holding the API key (so keys live in Secrets, not in this JSON). */
  apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
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
      .pipe(z.array(modelSchema)).describe('JSON array of OpenAI-compatible models: [{"id","label","baseUrl","model","apiKeyEnv"}]; apiKeyEnv names the variable holding the API key.'),
    GENNAI_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000).describe("Milliseconds to wait for a model's first token and for a whole answer."),
    GENNAI_MAX_MESSAGE_CHARS: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_MESSAGE_MAX_CHARS).describe('Longest message a user may send, in characters.'),
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
  return problems;
}

export interface ModelConfig {
  id: string;
  label: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
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
  gateway: { demoModel: boolean; models: ModelConfig[]; upstreamTimeoutMs: number };
  chat: { maxMessageChars: number };
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
  const ids = new Set<string>(['demo']);
  for (const model of e.GENNAI_MODELS) {
    if (ids.has(model.id)) problems.push(`GENNAI_MODELS: duplicate model id "${model.id}" ("demo" is reserved)`);
    ids.add(model.id);
  }
  const models = e.GENNAI_MODELS.map((model) => {
    const apiKey = model.apiKeyEnv ? env[model.apiKeyEnv] : undefined;
    if (model.apiKeyEnv && !apiKey) problems.push(`${model.apiKeyEnv}: required by model "${model.id}" (GENNAI_MODELS apiKeyEnv)`);
    return { id: model.id, label: model.label, baseUrl: model.baseUrl, model: model.model, apiKey };
  });
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
    gateway: { demoModel: e.GENNAI_DEMO_MODEL, models, upstreamTimeoutMs: e.GENNAI_UPSTREAM_TIMEOUT_MS },
    chat: { maxMessageChars: e.GENNAI_MAX_MESSAGE_CHARS },
    webDist: e.GENNAI_WEB_DIST,
  };
}

/** The injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
