import type { DemoAnswerStyle } from '../providers/demo-model.provider';

/**
 * The built-in offline models: not LLMs, clearly labelled as demos, answering on this machine. `demo` is offered
 * whenever GENNAI_DEMO_MODEL is on; `demo-brief`, a second one with another answer style, only when blind comparisons
 * may pick demo models (GENNAI_ARENA_DEMO_MODELS, which `npm start` sets when no real model is configured) — a
 * comparison needs two models. Their ids are reserved: no configured or administered model may take them.
 */
export interface DemoModel {
  id: string;
  label: string;
  style: DemoAnswerStyle;
}

export const DEMO_MODEL: DemoModel = { id: 'demo', label: 'オフライン練習用モデル', style: 'guide' };
export const BRIEF_DEMO_MODEL: DemoModel = { id: 'demo-brief', label: 'オフライン練習用モデル・簡潔版', style: 'brief' };

/** The catalogue vendor of the demo models (the demo vendor user's organisation represents it under npm start). */
export const DEMO_MODEL_VENDOR = 'Gennai';

export const RESERVED_MODEL_IDS: readonly string[] = [DEMO_MODEL.id, BRIEF_DEMO_MODEL.id];
