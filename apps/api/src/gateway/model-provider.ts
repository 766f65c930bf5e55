/** One turn of a conversation as the model sees it. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What a model streams back: pieces of the answer, and (once, at the end) how many tokens it took. */
export type ChatChunk =
  | { type: 'delta'; text: string }
  | { type: 'usage'; inputTokens: number; outputTokens: number };

/**
 * A source of answers. `streamChat` yields the answer as it is written; it throws an UpstreamError when the model
 * fails, and stops (throwing the signal's reason) when `signal` aborts. Breaking out of the loop cancels the request.
 */
export interface ModelProvider {
  streamChat(request: { messages: ChatTurn[]; signal: AbortSignal }): AsyncIterable<ChatChunk>;
}
