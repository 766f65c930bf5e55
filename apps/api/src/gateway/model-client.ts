/** One turn of a conversation as the model sees it. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What a model streams back: pieces of the answer, and (once, at the end) how many tokens it took. */
export type ChatChunk =
  | { type: 'delta'; text: string }
  | { type: 'usage'; inputTokens: number; outputTokens: number };

/** A request for one answer, in the gateway's own terms (each adapter maps it onto its wire format). */
export interface ChatRequest {
  messages: ChatTurn[];
  /** Aborts the upstream request: the user pressed stop or went away. */
  signal: AbortSignal;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  /** Stable per conversation, for providers that keep history server-side (cotomi's historyId). */
  conversationKey?: string;
}

/** Limits on one upstream request. */
export interface UpstreamTimeouts {
  /** Until the upstream answers with response headers (covers DNS, TCP, TLS and queueing). */
  connectMs: number;
  /** Until the first piece of the answer (or its end) arrives. */
  firstTokenMs: number;
  /** For the whole answer. */
  totalMs: number;
}

/**
 * A client for one deployment of one model. `streamChat` yields the answer as it is written; it throws an
 * UpstreamError when the model fails, and stops (throwing the signal's reason) when `signal` aborts. Breaking out of
 * the loop cancels the request. It makes exactly one upstream request: retries and routing belong to the router.
 */
export interface ModelClient {
  streamChat(request: ChatRequest): AsyncIterable<ChatChunk>;
}
