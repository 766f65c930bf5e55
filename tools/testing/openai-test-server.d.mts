import type { IncomingHttpHeaders } from 'node:http';

/** Model names the server knows; all but `test-model` produce a fault. */
export declare const TEST_MODELS: readonly [
  'test-model',
  'test-429',
  'test-500',
  'test-timeout',
  'test-cut',
  'test-slow',
  'test-malformed',
];
export type TestModel = (typeof TEST_MODELS)[number];

export declare const ANSWER_PREFIX: 'テスト応答: ';
/** Code points per streamed content chunk. */
export declare const CHUNK_CODE_POINTS: number;

/** The answer the server gives when the last user message is `userText`: `テスト応答: <userText>`. */
export declare function expectedAnswer(userText: string): string;
/** The server's token count for a text: one token per started group of 4 code points. */
export declare function countTokens(text: string): number;
/** How the server splits an answer into streamed content chunks. */
export declare function splitIntoChunks(text: string, size?: number): string[];

export interface OpenAiTestServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, requests need `Authorization: Bearer <apiKey>`; otherwise 401 invalid_api_key. */
  apiKey?: string;
  /** Delay before each streamed content chunk (default 0). */
  chunkDelayMs?: number;
  /** Delay before each chunk of `test-slow` (default 1000). */
  slowChunkDelayMs?: number;
  /** Content chunks `test-cut` sends before destroying the socket (default 3). */
  cutAfterChunks?: number;
  /** Fixed upstream latency: delay before every answer of a completion starts (default 0, no delay). */
  latencyMs?: number;
  /** Keep every request in `requests` (default true); a benchmark sending millions turns it off. */
  recordRequests?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined for GET or unparsable bodies. */
  body: any;
  /** True once the client hung up before the answer was complete (not counting test-cut's own cut). */
  clientClosed: boolean;
}

export interface OpenAiTestServer {
  /** `http://127.0.0.1:PORT/v1` — pass as the OpenAI base URL. */
  baseUrl: string;
  port: number;
  /** Every request received, in order (empty when `recordRequests` is false). */
  requests: ReceivedRequest[];
  /** Stops listening and drops held-open connections. Idempotent. */
  close(): Promise<void>;
}

export declare function startOpenAiTestServer(options?: OpenAiTestServerOptions): Promise<OpenAiTestServer>;
