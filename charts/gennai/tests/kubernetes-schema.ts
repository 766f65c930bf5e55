import type { KubeObject } from './helm';

/**
 * Validates rendered objects against the Kubernetes API schemas shipped in the npm package
 * `kubernetes-models` 5.1.0: Kubernetes v1.36.0's OpenAPI document, merged with older documents only
 * for APIs that were removed since (so the package alone would accept, say, policy/v1beta1; the
 * APIS_SERVED_SINCE_1_29 list below guards against that). The schemas check types, enums and
 * required fields, not unknown field names.
 */
export const SCHEMA_KUBERNETES_VERSION = '1.36.0';

/**
 * Every apiVersion/kind the chart may render, each served as GA since Kubernetes 1.29 or earlier
 * (the oldest version Chart.yaml's kubeVersion allows) and still served in 1.36.
 */
export const APIS_SERVED_SINCE_1_29 = new Set([
  'v1/ConfigMap',
  'v1/Secret',
  'v1/Service',
  'v1/ServiceAccount',
  'v1/Pod',
  'apps/v1/Deployment',
  'batch/v1/Job',
  'policy/v1/PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/Ingress',
]);

interface Model {
  validate(): void;
}
type ModelClass = new (data: object) => Model;

/** The kubernetes-models module path of an apiVersion/kind, e.g. kubernetes-models/apps/v1/Deployment. */
function modelPath(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [undefined, apiVersion];
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

/** Instantiates the object through its kubernetes-models class and validates it; returns the problems. */
export async function schemaProblems(object: KubeObject): Promise<string[]> {
  const where = `${object.kind}/${object.metadata?.name}`;
  let module: Record<string, ModelClass>;
  try {
    module = (await import(modelPath(object.apiVersion, object.kind))) as Record<string, ModelClass>;
  } catch {
    return [`${where}: ${object.apiVersion} ${object.kind} is not a Kubernetes ${SCHEMA_KUBERNETES_VERSION} API`];
  }
  const Model = module[object.kind];
  if (!Model) return [`${where}: no model class ${object.kind} in ${modelPath(object.apiVersion, object.kind)}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}
