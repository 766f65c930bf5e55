import type { ChatChunk, ChatTurn, ModelClient } from '../model-client';

const QUOTE_MAX_CHARS = 60;
const CHUNK_CHARS = 4;
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const EXAMPLE_MODELS =
  '[{"id":"plamo","label":"PLaMo 2.0 Prime","baseUrl":"https://llm.example.go.jp/v1","model":"plamo-2.0-prime","apiKeyEnv":"PLAMO_API_KEY"}]';

/**
 * How a demo model answers: `guide` explains at length how to configure a real model; `brief` says in a short
 * Markdown list that it is a demo. Two styles, so a blind comparison of the two demo models has something to tell apart.
 */
export type DemoAnswerStyle = 'guide' | 'brief';

/**
 * The built-in offline model: it answers without any network, says plainly that it is a demo, and explains how to
 * configure a real model. Streams in small pieces with a short delay so the UI's streaming can be seen and tested.
 */
export class DemoModelProvider implements ModelClient {
  constructor(private readonly options: { chunkDelayMs?: number; style?: DemoAnswerStyle } = {}) {}

  async *streamChat({ messages, signal }: { messages: ChatTurn[]; signal: AbortSignal }): AsyncIterable<ChatChunk> {
    const answer = demoAnswer(messages, this.options.style);
    const chars = Array.from(answer);
    const delayMs = this.options.chunkDelayMs ?? 20;
    for (let i = 0; i < chars.length; i += CHUNK_CHARS) {
      await sleep(delayMs, signal);
      yield { type: 'delta', text: chars.slice(i, i + CHUNK_CHARS).join('') };
    }
    yield {
      type: 'usage',
      inputTokens: messages.reduce((sum, turn) => sum + estimateTokens(turn.content), 0),
      outputTokens: estimateTokens(answer),
    };
  }
}

/** The demo model's whole answer to a conversation: Japanese, or English when the last message reads as English. */
export function demoAnswer(messages: ChatTurn[], style: DemoAnswerStyle = 'guide'): string {
  const userTurns = messages.filter((turn) => turn.role === 'user');
  const last = userTurns.at(-1)?.content ?? '';
  const quote = quoteOf(last);
  const english = !JAPANESE.test(last) && /[A-Za-z]/.test(last);
  const count = userTurns.length;

  if (style === 'brief') {
    return english
      ? [`**Demo (brief), offline**: received "${quote}".`, '', '- Not a real AI model: it cannot understand or answer.', '- A second practice model, so blind comparisons can be tried.'].join('\n')
      : [`**デモ（簡潔）・オフライン**：「${quote}」を受け取りました。`, '', '- 実際の生成AIモデルではないため、内容には答えられません。', '- 比較（ブラインド比較）を試すための、もう一つの練習用モデルです。'].join('\n');
  }
  if (english) {
    return [
      'This is an automatic reply from the demo model (offline).',
      '',
      `I received your message${count > 1 ? ` (message ${count} in this conversation)` : ''}: "${quote}"`,
      '',
      'No real AI model is configured on this server, so the demo model cannot understand or answer it. It only lets you try the screens and the chat flow.',
      '',
      'To use a real model, an administrator sets the environment variable GENNAI_MODELS to a JSON list of OpenAI-compatible models (vLLM, Ollama, PLaMo API and others), for example:',
      `GENNAI_MODELS='${EXAMPLE_MODELS}'`,
      'The API key goes into the environment variable named by apiKeyEnv (PLAMO_API_KEY in this example).',
    ].join('\n');
  }
  return [
    'オフライン練習用モデル（デモ）からの自動応答です。',
    '',
    `「${quote}」というメッセージを受け取りました${count > 1 ? `（この会話で${count}件目のメッセージです）` : ''}。`,
    '',
    'このサーバーには実際の生成AIモデルが設定されていないため、デモモデルは内容を理解して回答することはできません。画面と操作の流れを試すためのものです。',
    '',
    '実際のモデルを使うには、管理者が環境変数 GENNAI_MODELS に OpenAI 互換のモデル（vLLM、Ollama、PLaMo API など）を JSON で設定してください。例:',
    `GENNAI_MODELS='${EXAMPLE_MODELS}'`,
    'APIキーは apiKeyEnv で指定した環境変数（この例では PLAMO_API_KEY）に設定します。',
  ].join('\n');
}

/** A rough, deterministic token estimate: one token per started group of 4 characters. */
export function estimateTokens(text: string): number {
  return Math.ceil(Array.from(text).length / 4);
}

function quoteOf(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > QUOTE_MAX_CHARS ? `${chars.slice(0, QUOTE_MAX_CHARS).join('')}…` : chars.join('');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
