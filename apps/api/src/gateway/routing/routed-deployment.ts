import type { ModelClient } from '../model-client';
import type { CircuitBreaker } from './circuit-breaker';

/** One deployment of a model as the router sees it: a ready client, its share of traffic and its breaker. */
export interface RoutedDeployment {
  /** Stable id: a database uuid, or `config:<model>:<index>` for GENNAI_MODELS, `built-in:<id>` for the demo models. */
  id: string;
  modelId: string;
  /** Relative share among the model's deployments; 0 = standby, used only when no weighted one can be. */
  weight: number;
  client: ModelClient;
  breaker: CircuitBreaker;
}
