import { Inject, Injectable } from '@nestjs/common';
import type { ModelView } from '@gennai/contracts';
import { DemoModelProvider } from './demo-model.provider';
import type { ChatChunk, ChatTurn, ModelProvider } from './model-provider';
import { OpenAiCompatibleProvider } from './openai-compatible.provider';

/** Nest injection token of the GatewayOptions. */
export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');

export const DEMO_MODEL_ID = 'demo';

/** An OpenAI-compatible model deployment from GENNAI_MODELS, with its API key already read from its env var. */
export interface GatewayModelConfig {
  id: string;
  label: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
}

export interface GatewayOptions {
  /** Offer the offline demo model (GENNAI_DEMO_MODEL). */
  demoModel: boolean;
  models: GatewayModelConfig[];
  /** Longest time one answer may take (GENNAI_UPSTREAM_TIMEOUT_MS). */
  upstreamTimeoutMs: number;
  /** Longest wait for the first piece of an answer; default min(upstreamTimeoutMs, 30 s). */
  firstTokenTimeoutMs?: number;
  /** Delay between the demo model's chunks; default 20 ms. */
  demoChunkDelayMs?: number;
}

const FIRST_TOKEN_TIMEOUT_DEFAULT_MS = 30_000;

/** The models users may chat with, and the one way to stream an answer from any of them. */
@Injectable()
export class ModelCatalog {
  private readonly entries = new Map<string, { view: ModelView; provider: ModelProvider }>();

  constructor(@Inject(GATEWAY_OPTIONS) options: GatewayOptions) {
    const timeouts = {
      totalMs: options.upstreamTimeoutMs,
      firstTokenMs: Math.min(options.upstreamTimeoutMs, options.firstTokenTimeoutMs ?? FIRST_TOKEN_TIMEOUT_DEFAULT_MS),
    };
    for (const model of options.models) {
      this.add(
        { id: model.id, label: model.label, provider: 'openai-compatible', demo: false },
        new OpenAiCompatibleProvider({ baseUrl: model.baseUrl, model: model.model, apiKey: model.apiKey }, timeouts),
      );
    }
    if (options.demoModel) {
      this.add(
        { id: DEMO_MODEL_ID, label: 'オフライン練習用モデル', provider: 'demo', demo: true },
        new DemoModelProvider({ chunkDelayMs: options.demoChunkDelayMs }),
      );
    }
  }

  /** Configured models in configuration order, the demo model last. */
  list(): ModelView[] {
    return [...this.entries.values()].map(({ view }) => ({ ...view }));
  }

  find(id: string): ModelView | undefined {
    const entry = this.entries.get(id);
    return entry && { ...entry.view };
  }

  /** Streams the answer of model `modelId` to `messages`; see ModelProvider for errors and cancellation. */
  stream(modelId: string, messages: ChatTurn[], signal: AbortSignal): AsyncIterable<ChatChunk> {
    const entry = this.entries.get(modelId);
    if (!entry) throw new Error(`Unknown model "${modelId}": check ModelCatalog.find() before streaming`);
    return entry.provider.streamChat({ messages, signal });
  }

  private add(view: ModelView, provider: ModelProvider) {
    if (this.entries.has(view.id)) throw new Error(`Two models share the id "${view.id}"`);
    this.entries.set(view.id, { view, provider });
  }
}
