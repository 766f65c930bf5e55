import type { OpenAiTestServerOptions, ReceivedRequest } from './openai-test-server.mjs';

export { countTokens, expectedAnswer } from './openai-test-server.mjs';

/** Model names that produce a fault (see the file header); any other name not starting with `test-` answers normally. */
export declare const FAULT_MODELS: readonly [
  'test-model',
  'test-429',
  'test-500',
  'test-timeout',
  'test-stall',
  'test-cut',
  'test-slow',
  'test-malformed',
  'test-error',
  'test-filtered',
  'test-blocked',
];
export type FaultModel = (typeof FAULT_MODELS)[number];

/** Port, host and pacing as for the OpenAI test server (chunkDelayMs, slowChunkDelayMs, cutAfterChunks). */
export interface ProviderTestServerOptions
  extends Pick<OpenAiTestServerOptions, 'port' | 'host' | 'chunkDelayMs' | 'slowChunkDelayMs' | 'cutAfterChunks'> {
  /**
   * When set, requests must carry this key the provider's way (Azure `api-key`, Anthropic `x-api-key`, Gemini
   * `x-goog-api-key`, cotomi `Authorization: Bearer`, Bedrock `Authorization: Bearer` for a Bedrock API key).
   */
  apiKey?: string;
}

export interface BedrockTestServerOptions extends ProviderTestServerOptions {
  /** When set, requests must be signed (SigV4, service `bedrock`) with these keys; the signature is verified. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** The region the signature must be scoped to (default ap-northeast-1). */
  region?: string;
}

/** As the OpenAI test server records them (HTTP/2 pseudo-headers such as `:authority` included for Bedrock), plus: */
export interface ProviderReceivedRequest extends ReceivedRequest {
  /** Query parameters, decoded. */
  query: Record<string, string>;
}

export interface ProviderTestServer {
  /** What to configure as the provider's base URL (cotomi: `…/cotomi-api/v1`; the others: the origin). */
  baseUrl: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  /** Every request received, in order. */
  requests: ProviderReceivedRequest[];
  /** Stops listening and drops held-open connections. Idempotent. */
  close(): Promise<void>;
}

/** Azure OpenAI: `/openai/deployments/{deployment}/chat/completions?api-version=…` and `/openai/v1/chat/completions`. */
export declare function startAzureOpenAiTestServer(options?: ProviderTestServerOptions): Promise<ProviderTestServer>;
/** Anthropic Messages: `POST /v1/messages` (needs `anthropic-version`; `max_tokens` required). */
export declare function startAnthropicTestServer(options?: ProviderTestServerOptions): Promise<ProviderTestServer>;
/** Google Gemini: `POST /v1beta/models/{model}:streamGenerateContent?alt=sse`, CRLF-separated events. */
export declare function startGeminiTestServer(options?: ProviderTestServerOptions): Promise<ProviderTestServer>;
/** NEC cotomi: `POST /cotomi-api/v1/chat` (needs `x-nec-cotomi-client-id`); pieces of `streamNum` characters. */
export declare function startCotomiTestServer(options?: ProviderTestServerOptions): Promise<ProviderTestServer>;
/** Amazon Bedrock ConverseStream over cleartext HTTP/2: `POST /model/{modelId}/converse-stream`, binary event stream. */
export declare function startBedrockTestServer(options?: BedrockTestServerOptions): Promise<ProviderTestServer>;
