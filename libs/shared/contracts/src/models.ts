export type ModelProviderKind = 'demo' | 'openai-compatible';

/** A model the user may chat with (GET /api/models). */
export interface ModelView {
  id: string;
  label: string;
  provider: ModelProviderKind;
  /** True for the built-in offline demo model: the UI must label it clearly as a demo. */
  demo: boolean;
}
