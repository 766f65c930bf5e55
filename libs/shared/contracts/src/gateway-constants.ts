/*
 * The gateway's fixed lists, in a module of their own without zod: the web app imports them, and a module that builds
 * schemas (gateway.ts) would bring zod into its bundle. gateway.ts builds its schemas from these.
 */

/**
 * Information classes of the Japanese government's standards (機密性1/2/3). A conversation carries one;
 * a model declares the highest it may receive, and Gennai never sends a conversation to a model below it.
 */
export const INFORMATION_CLASSES = [1, 2, 3] as const;
export type InformationClass = (typeof INFORMATION_CLASSES)[number];

/** Wire formats the gateway speaks. Adding one is one adapter file in apps/api/src/gateway/providers/. */
export const PROVIDER_TYPES = ['openai-compatible', 'azure-openai', 'bedrock', 'anthropic', 'gemini', 'cotomi'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const MODEL_CAPABILITIES = ['streaming', 'vision', 'tools', 'json-output'] as const;
export type ModelCapability = (typeof MODEL_CAPABILITIES)[number];

export const CURRENCIES = ['JPY', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

/**
 * What a personal API key may do: the OpenAI-compatible chat and model list (a new key's default), and blind battles
 * (`/api/arena/battles`, opt-in) for a program that compares models on its users' behalf.
 */
export const API_KEY_SCOPES = ['chat', 'models', 'arena'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
/** The scopes of a new key when its owner names none: the OpenAI-compatible API. Battles are chosen explicitly. */
export const API_KEY_DEFAULT_SCOPES = ['chat', 'models'] as const satisfies readonly ApiKeyScope[];
export const API_KEY_MAX_DAYS = 365;
