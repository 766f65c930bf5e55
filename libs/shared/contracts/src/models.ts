import type { InformationClass, ModelCapability, ProviderType } from './gateway';

export type ModelProviderKind = 'demo' | ProviderType;

/** A model the caller may use (GET /api/models): only models their organisation and roles are allowed. */
export interface ModelView {
  id: string;
  label: string;
  provider: ModelProviderKind;
  /** True for the built-in offline demo model: the UI must label it clearly as a demo. */
  demo: boolean;
  vendor: string | null;
  /** Developed in Japan (国産モデル). */
  domestic: boolean;
  /** Highest information class (機密性) the model may receive. */
  maxInformationClass: InformationClass;
  capabilities: ModelCapability[];
  contextLength: number | null;
  maxOutputTokens: number | null;
}
