// The Helm chart, rendered by the real helm 4 and helm 3 binaries for every supported shape
// (ci/*-values.yaml) and for the oldest and newest Kubernetes versions the chart supports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR, CI_VALUES, find, lint, render, template, type KubeObject } from './helm';
import { APIS_SERVED_SINCE_1_29, SCHEMA_KUBERNETES_VERSION, schemaProblems } from './kubernetes-schema';
import { uncommentedKeys } from './values-comments';

const OLDEST_KUBERNETES = '1.29.0';
const KUBERNETES_VERSIONS = [OLDEST_KUBERNETES, SCHEMA_KUBERNETES_VERSION];
const HELM_MAJORS = [4, 3] as const;
const SHAPES_WITH_SCALING = ['ha-values.yaml'];

interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string }; prefix?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] }; seccompProfile?: { type: string } };
  volumeMounts?: { name: string; mountPath: string }[];
  startupProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: Record<string, unknown> & { seccompProfile?: { type: string } };
  automountServiceAccountToken?: boolean;
  volumes?: { name: string; emptyDir?: object }[];
}

/** The pod spec of a Deployment, Job or Pod. */
function podSpec(object: KubeObject): PodSpec | undefined {
  const spec = object.spec as { template?: { spec: PodSpec } } & PodSpec;
  if (object.kind === 'Pod') return spec;
  if (object.kind === 'Deployment' || object.kind === 'Job') return spec.template?.spec;
  return undefined;
}

function workloads(objects: KubeObject[]) {
  return objects.flatMap((object) => {
    const spec = podSpec(object);
    return spec ? [{ object, spec, where: `${object.kind}/${object.metadata.name}` }] : [];
  });
}

const apiContainer = (objects: KubeObject[]) => podSpec(find(objects, 'Deployment', '-api'))!.containers[0];
const apiConfig = (objects: KubeObject[]) => find(objects, 'ConfigMap', '-api').data as Record<string, string>;
const apiEnv = (objects: KubeObject[], name: string) => apiContainer(objects).env?.find((variable) => variable.name === name);
const readCiValues = (file: string) => parse(readFileSync(join(CHART_DIR, 'ci', file), 'utf8')) as Record<string, unknown>;
const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');
const podAnnotations = (deployment: KubeObject) =>
  (deployment.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations;

describe('the chart documentation', () => {
  it('describes every key of values.yaml with a comment', () => {
    expect(uncommentedKeys(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'))).toEqual([]);
  });

  it('notices a key without a comment', () => {
    expect(uncommentedKeys('# -- Described.\nfirst: 1\nsecond:\n  # -- Described.\n  inner: 2\n  bare: 3\n')).toEqual(['second', 'second.bare']);
  });

  it('claims the Kubernetes versions the tests cover', () => {
    const chart = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as { kubeVersion: string; version: string; appVersion: string };
    expect(chart.kubeVersion).toBe(`>=${OLDEST_KUBERNETES}-0`);
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(chart.appVersion).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe.each(HELM_MAJORS)('the chart with helm %i', (major) => {
  describe.each(CI_VALUES)('shape %s', (valuesFile) => {
    it.each(KUBERNETES_VERSIONS)('passes helm lint --strict for Kubernetes %s', (kubeVersion) => {
      const result = lint(major, { valuesFiles: [valuesFile], kubeVersion });
      expect(result.stdout + result.stderr).toContain('0 chart(s) failed');
      expect(result.status, result.stdout + result.stderr).toBe(0);
    });

    it.each(KUBERNETES_VERSIONS)('renders objects the Kubernetes API schemas accept for Kubernetes %s', async (kubeVersion) => {
      const objects = render(major, { valuesFiles: [valuesFile], kubeVersion });
      expect(objects.length).toBeGreaterThan(5);
      const problems: string[] = [];
      for (const object of objects) {
        if (!APIS_SERVED_SINCE_1_29.has(`${object.apiVersion}/${object.kind}`)) {
          problems.push(`${object.kind}/${object.metadata.name}: ${object.apiVersion} is not served by every Kubernetes >= ${OLDEST_KUBERNETES}`);
        }
        problems.push(...(await schemaProblems(object)));
      }
      expect(problems).toEqual([]);
    });

    it('runs every container non-root, read-only, without privilege escalation or capabilities, under seccomp', () => {
      const objects = render(major, { valuesFiles: [valuesFile], kubeVersion: SCHEMA_KUBERNETES_VERSION });
      const pods = workloads(objects);
      expect(pods.map((pod) => pod.object.kind).sort()).toEqual(['Deployment', 'Deployment', 'Job', 'Pod']);
      for (const { spec, where } of pods) {
        expect(spec.securityContext?.runAsNonRoot, where).toBe(true);
        expect(spec.securityContext?.runAsUser, where).toBeGreaterThan(0);
        expect(spec.securityContext?.seccompProfile?.type, where).toBe('RuntimeDefault');
        expect(spec.automountServiceAccountToken, where).toBe(false);
        const tmp = spec.volumes?.find((volume) => volume.name === 'tmp');
        expect(tmp?.emptyDir, `${where}: /tmp is an emptyDir`).toBeDefined();
        for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
          const at = `${where} container ${container.name}`;
          const context = container.securityContext ?? {};
          expect(context.runAsNonRoot, at).toBe(true);
          expect(Number.isInteger(context.runAsUser) && (context.runAsUser as number) > 0, `${at}: numeric non-root uid`).toBe(true);
          expect(context.readOnlyRootFilesystem, at).toBe(true);
          expect(context.allowPrivilegeEscalation, at).toBe(false);
          expect(context.capabilities?.drop, at).toContain('ALL');
          expect(context.seccompProfile?.type, at).toBe('RuntimeDefault');
          expect(container.volumeMounts, at).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
          for (const resource of ['cpu', 'memory']) {
            expect(container.resources?.requests?.[resource], `${at}: requests.${resource}`).toBeTruthy();
            expect(container.resources?.limits?.[resource], `${at}: limits.${resource}`).toBeTruthy();
          }
        }
      }
    });

    it('gives the long-running containers separate startup, readiness and liveness probes', () => {
      const objects = render(major, { valuesFiles: [valuesFile], kubeVersion: SCHEMA_KUBERNETES_VERSION });
      const [api] = podSpec(find(objects, 'Deployment', '-api'))!.containers;
      expect(api.startupProbe?.httpGet?.path).toBe('/healthz');
      expect(api.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(api.readinessProbe?.httpGet?.path).toBe('/readyz');
      const [web] = podSpec(find(objects, 'Deployment', '-web'))!.containers;
      for (const probe of [web.startupProbe, web.readinessProbe, web.livenessProbe]) expect(probe?.httpGet?.path).toBe('/healthz');
    });

    it('never renders an environment variable twice in one container (helm 4 applies server-side)', () => {
      const objects = render(major, { valuesFiles: [valuesFile], kubeVersion: SCHEMA_KUBERNETES_VERSION });
      for (const { spec, where } of workloads(objects)) {
        for (const container of spec.containers) {
          const names = (container.env ?? []).map((variable) => variable.name);
          expect(names, `${where} container ${container.name}`).toEqual([...new Set(names)]);
        }
      }
    });

    it('puts only operator-supplied values into Secrets: no default password anywhere', () => {
      const objects = render(major, { valuesFiles: [valuesFile], kubeVersion: SCHEMA_KUBERNETES_VERSION });
      const supplied = readFileSync(join(CHART_DIR, 'ci', valuesFile), 'utf8');
      const secrets = objects.filter((object) => object.kind === 'Secret');
      for (const secret of secrets) {
        const data = (secret.data ?? {}) as Record<string, string>;
        expect(secret.stringData, secret.metadata.name).toBeUndefined();
        for (const [key, value] of Object.entries(data)) {
          expect(supplied, `${secret.metadata.name}.${key} must come from the values`).toContain(decode(value));
        }
      }
      const database = readCiValues(valuesFile).database as { existingSecret?: string };
      if (database.existingSecret) expect(secrets, 'an existing Secret means the chart keeps no copy').toEqual([]);
    });

    it('configures the API for production with the development identity provider off', () => {
      const objects = render(major, { valuesFiles: [valuesFile], kubeVersion: SCHEMA_KUBERNETES_VERSION });
      const config = find(objects, 'ConfigMap', '-api').data as Record<string, string>;
      expect(config.NODE_ENV).toBe('production');
      expect(config.GENNAI_DEV_IDENTITY).toBe('false');
      expect(config.GENNAI_DEMO_MODEL).toBe('false');
      expect(config.KEYCLOAK_URL).toBe('https://id.example.go.jp');
      expect(config.GENNAI_PUBLIC_URL).toMatch(/^https?:\/\/gennai\.example\.go\.jp$/);
      expect(Object.keys(config)).not.toContain('DATABASE_URL');
      const [api] = podSpec(find(objects, 'Deployment', '-api'))!.containers;
      // The chart's ConfigMap comes last, so it wins over any api.extraEnvFrom source.
      expect(api.envFrom?.at(-1)).toEqual({ configMapRef: { name: find(objects, 'ConfigMap', '-api').metadata.name } });
      expect(api.env?.find((variable) => variable.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef).toBeDefined();
    });

    it('adds autoscalers and disruption budgets only in the HA shape', () => {
      const objects = render(major, { valuesFiles: [valuesFile], kubeVersion: SCHEMA_KUBERNETES_VERSION });
      const expected = SHAPES_WITH_SCALING.includes(valuesFile) ? 2 : 0;
      expect(objects.filter((object) => object.kind === 'HorizontalPodAutoscaler')).toHaveLength(expected);
      expect(objects.filter((object) => object.kind === 'PodDisruptionBudget')).toHaveLength(expected);
    });
  });

  it('renders the same objects as the other helm major version', () => {
    for (const valuesFile of CI_VALUES) {
      const mine = render(major, { valuesFiles: [valuesFile], kubeVersion: OLDEST_KUBERNETES });
      const other = render(major === 4 ? 3 : 4, { valuesFiles: [valuesFile], kubeVersion: OLDEST_KUBERNETES });
      expect(mine, valuesFile).toEqual(other);
    }
  });

  it('refuses to render without database settings, naming the values to set', () => {
    const result = template(major, {
      set: { 'keycloak.url': 'https://id.example.go.jp', 'ingress.host': 'gennai.example.go.jp' },
      kubeVersion: OLDEST_KUBERNETES,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('database.url or database.existingSecret is required');
  });

  it('refuses to render without keycloak.url', () => {
    const result = template(major, {
      set: { 'database.existingSecret': 'gennai-database', 'ingress.host': 'gennai.example.go.jp' },
      kubeVersion: OLDEST_KUBERNETES,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('keycloak.url is required');
  });

  it('refuses values that would weaken the pod hardening or that the chart does not know', () => {
    for (const [set, problem] of [
      [{ 'containerSecurityContext.readOnlyRootFilesystem': 'false' }, '/containerSecurityContext/readOnlyRootFilesystem'],
      [{ 'containerSecurityContext.capabilities.add[0]': 'NET_ADMIN' }, '/containerSecurityContext/capabilities/add'],
      [{ 'podSecurityContext.runAsNonRoot': 'false' }, '/podSecurityContext/runAsNonRoot'],
      [{ 'podSecurityContext.runAsUser': '0' }, '/podSecurityContext/runAsUser'],
      [{ 'api.replicas': '3' }, "additional properties 'replicas' not allowed"],
    ] as const) {
      const result = template(major, { valuesFiles: ['default-values.yaml'], set, kubeVersion: OLDEST_KUBERNETES });
      expect(result.status, JSON.stringify(set)).not.toBe(0);
      expect(result.stderr, JSON.stringify(set)).toContain(problem);
    }
  });

  it('refuses extra environment variables that would override what the chart sets', () => {
    const result = template(major, {
      valuesFiles: ['default-values.yaml'],
      setString: { 'api.extraEnv[0].name': 'GENNAI_DEV_IDENTITY', 'api.extraEnv[0].value': 'true' },
      kubeVersion: OLDEST_KUBERNETES,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('api.extraEnv: GENNAI_DEV_IDENTITY is set by the chart');
  });

  it('runs migrations in a pre-install,pre-upgrade hook Job with the API image', () => {
    for (const valuesFile of ['default-values.yaml', 'existing-secret-values.yaml']) {
      const objects = render(major, { valuesFiles: [valuesFile], kubeVersion: OLDEST_KUBERNETES });
      const job = find(objects, 'Job', '-migrations');
      expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(job.metadata.annotations?.['helm.sh/hook-delete-policy']).toBe('before-hook-creation,hook-succeeded');
      const [migrate] = podSpec(job)!.containers;
      expect(migrate.command).toEqual(['node', 'dist/apps/api/migrate.js']);
      expect(migrate.image).toBe(podSpec(find(objects, 'Deployment', '-api'))!.containers[0].image);
      const secretRef = migrate.env?.find((variable) => variable.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
      // A pre-install hook runs before the release's own objects exist: its Secret must be a hook too (or existing).
      if (valuesFile === 'existing-secret-values.yaml') {
        expect(secretRef).toEqual({ name: 'gennai-database', key: 'url' });
      } else {
        const hookSecret = find(objects, 'Secret', '-migrations');
        expect(secretRef?.name).toBe(hookSecret.metadata.name);
        expect(hookSecret.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
        expect(Number(hookSecret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
          Number(job.metadata.annotations?.['helm.sh/hook-weight']),
        );
      }
    }
  });

  it('rolls the API pods when a configuration or secret value changes, and only then', () => {
    const annotationsWith = (set: Record<string, string>) =>
      podAnnotations(find(render(major, { valuesFiles: ['default-values.yaml'], set, kubeVersion: OLDEST_KUBERNETES }), 'Deployment', '-api'));
    const base = annotationsWith({});
    expect(base['checksum/config']).toMatch(/^[a-f0-9]{64}$/);
    expect(annotationsWith({ 'api.logLevel': 'debug' })['checksum/config']).not.toBe(base['checksum/config']);
    const rotated = annotationsWith({ 'database.url': 'postgres://gennai:rotated@postgres.example.go.jp:5432/gennai' });
    expect(rotated['checksum/secret']).not.toBe(base['checksum/secret']);
    expect(annotationsWith({ 'web.replicaCount': '2' })).toEqual(base);
  });

  it('routes /api to the API and everything else to the web app on one host', () => {
    const objects = render(major, { valuesFiles: ['ha-values.yaml'], kubeVersion: OLDEST_KUBERNETES });
    const ingress = find(objects, 'Ingress', '');
    const spec = ingress.spec as {
      tls: { hosts: string[]; secretName: string }[];
      rules: { host: string; http: { paths: { path: string; pathType: string; backend: { service: { name: string } } }[] } }[];
    };
    expect(spec.rules).toHaveLength(1);
    expect(spec.rules[0].host).toBe('gennai.example.go.jp');
    const routes = spec.rules[0].http.paths.map((path) => [path.path, path.pathType, path.backend.service.name]);
    expect(routes).toEqual([
      ['/api', 'Prefix', find(objects, 'Service', '-api').metadata.name],
      ['/', 'Prefix', find(objects, 'Service', '-web').metadata.name],
    ]);
    expect(spec.tls).toEqual([{ hosts: ['gennai.example.go.jp'], secretName: 'gennai-tls' }]);
    expect((find(objects, 'ConfigMap', '-api').data as Record<string, string>).GENNAI_PUBLIC_URL).toBe('https://gennai.example.go.jp');
  });

  it('turns the models list into GENNAI_MODELS and reads each key from its Secret', () => {
    const objects = render(major, { valuesFiles: ['models-values.yaml'], kubeVersion: OLDEST_KUBERNETES });
    const models = JSON.parse((find(objects, 'ConfigMap', '-api').data as Record<string, string>).GENNAI_MODELS) as object[];
    expect(models).toEqual([
      { id: 'plamo', label: 'PLaMo 2.0 Prime', baseUrl: 'https://plamo.example.go.jp/v1', model: 'plamo-2.0-prime', apiKeyEnv: 'PLAMO_API_KEY' },
      {
        id: 'local-llm',
        label: '庁内 LLM (vLLM)',
        baseUrl: 'http://vllm.llm.svc.cluster.local:8000/v1',
        model: 'llm-jp-3-13b-instruct',
        apiKeyEnv: 'LOCAL_LLM_API_KEY',
      },
    ]);
    const env = podSpec(find(objects, 'Deployment', '-api'))!.containers[0].env ?? [];
    expect(env.find((variable) => variable.name === 'PLAMO_API_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: 'gennai-model-keys', key: 'plamo' });
    expect(env.find((variable) => variable.name === 'LOCAL_LLM_API_KEY')?.valueFrom?.secretKeyRef).toEqual({
      name: 'gennai-model-keys',
      key: 'local-llm',
    });
    expect(env.find((variable) => variable.name === 'NODE_OPTIONS')?.value).toBe('--max-old-space-size=384');
  });

  it('maps every gateway value to its GENNAI_* variable', () => {
    const objects = render(major, { valuesFiles: ['gateway-values.yaml'], kubeVersion: OLDEST_KUBERNETES });
    expect(apiConfig(objects)).toMatchObject({
      GENNAI_UPSTREAM_TIMEOUT_MS: '120000',
      GENNAI_UPSTREAM_CONNECT_TIMEOUT_MS: '5000',
      GENNAI_FIRST_TOKEN_TIMEOUT_MS: '20000',
      GENNAI_RETRY_MAX_ATTEMPTS: '4',
      GENNAI_RETRY_BASE_DELAY_MS: '250',
      GENNAI_CIRCUIT_FAILURE_THRESHOLD: '3',
      GENNAI_CIRCUIT_COOLDOWN_MS: '15000',
      GENNAI_CATALOG_REFRESH_MS: '5000',
      GENNAI_DEFAULT_INFORMATION_CLASS: '3',
      GENNAI_QUOTA_TIME_ZONE: 'Asia/Tokyo',
      GENNAI_RATE_LIMIT_PER_MINUTE: '30',
      GENNAI_API_KEY_RATE_LIMIT_PER_MINUTE: '600',
      GENNAI_USAGE_FLUSH_MS: '500',
      GENNAI_USAGE_BATCH_SIZE: '1000',
    });
  });

  it('sets every API variable of .env.example (but GENNAI_WEB_DIST), the gateway ones to the API defaults', () => {
    const example = readFileSync(join(CHART_DIR, '../../.env.example'), 'utf8');
    const defaults = new Map([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1], match[2]]));
    expect(defaults.size).toBeGreaterThan(20);
    const objects = render(major, { valuesFiles: ['gateway-values.yaml'], kubeVersion: OLDEST_KUBERNETES });
    const set = [...Object.keys(apiConfig(objects)), ...apiContainer(objects).env!.map((variable) => variable.name)];
    expect([...defaults.keys()].filter((name) => !set.includes(name))).toEqual(['GENNAI_WEB_DIST']);

    const byDefault = apiConfig(render(major, { valuesFiles: ['default-values.yaml'], kubeVersion: OLDEST_KUBERNETES }));
    for (const name of [...defaults.keys()].filter((variable) => /^GENNAI_(UPSTREAM|FIRST|RETRY|CIRCUIT|CATALOG|DEFAULT|QUOTA|RATE|API_KEY|USAGE)_/.test(variable))) {
      expect(byDefault[name], name).toBe(defaults.get(name));
    }
  });

  it('reads the encryption key from an existing Secret and never renders it into the ConfigMap', () => {
    const objects = render(major, { valuesFiles: ['gateway-values.yaml'], kubeVersion: OLDEST_KUBERNETES });
    expect(Object.keys(apiConfig(objects))).not.toContain('GENNAI_SECRET_KEY');
    expect(apiEnv(objects, 'GENNAI_SECRET_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: 'gennai-secret-key', key: 'key' });
    expect(objects.filter((object) => object.kind === 'Secret'), 'every secret lives in Secrets the operator manages').toEqual([]);
  });

  it('keeps an encryption key given as a value in the chart Secret only', () => {
    const key = Buffer.alloc(32, 5).toString('base64');
    const objects = render(major, { valuesFiles: ['models-values.yaml'], set: { 'gateway.secretKey': key }, kubeVersion: OLDEST_KUBERNETES });
    const secret = find(objects, 'Secret', '-api');
    expect(decode((secret.data as Record<string, string>).GENNAI_SECRET_KEY)).toBe(key);
    expect(apiEnv(objects, 'GENNAI_SECRET_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: secret.metadata.name, key: 'GENNAI_SECRET_KEY' });
    const elsewhere = objects.filter((object) => object !== secret);
    expect(JSON.stringify(elsewhere)).not.toContain(key);
    expect(JSON.stringify(elsewhere)).not.toContain(Buffer.from(key).toString('base64'));
    // An existing Secret wins over the value, which then is not stored at all.
    const both = render(major, { valuesFiles: ['models-values.yaml'], set: { 'gateway.secretKey': key, 'gateway.existingSecret': 'gennai-keys' }, kubeVersion: OLDEST_KUBERNETES });
    expect(apiEnv(both, 'GENNAI_SECRET_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: 'gennai-keys', key: 'GENNAI_SECRET_KEY' });
    expect(JSON.stringify(both)).not.toContain(Buffer.from(key).toString('base64'));
    // Without either, the API runs without the key (providers may only reference env vars or files).
    expect(apiEnv(render(major, { valuesFiles: ['models-values.yaml'], kubeVersion: OLDEST_KUBERNETES }), 'GENNAI_SECRET_KEY')).toBeUndefined();
  });

  it('reads the vendor pseudonymisation key from a Secret only, and leaves it unset without one', () => {
    const fromExisting = render(major, { valuesFiles: ['gateway-values.yaml'], kubeVersion: OLDEST_KUBERNETES });
    expect(Object.keys(apiConfig(fromExisting))).not.toContain('GENNAI_VENDOR_PSEUDONYM_KEY');
    expect(apiEnv(fromExisting, 'GENNAI_VENDOR_PSEUDONYM_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: 'gennai-vendor-pseudonym-key', key: 'GENNAI_VENDOR_PSEUDONYM_KEY' });
    const key = Buffer.alloc(32, 9).toString('base64');
    const asValue = render(major, { valuesFiles: ['models-values.yaml'], set: { 'vendorExport.pseudonymKey': key }, kubeVersion: OLDEST_KUBERNETES });
    const secret = find(asValue, 'Secret', '-api');
    expect(decode((secret.data as Record<string, string>).GENNAI_VENDOR_PSEUDONYM_KEY)).toBe(key);
    expect(JSON.stringify(asValue.filter((object) => object !== secret))).not.toContain(key);
    expect(apiEnv(render(major, { valuesFiles: ['models-values.yaml'], kubeVersion: OLDEST_KUBERNETES }), 'GENNAI_VENDOR_PSEUDONYM_KEY')).toBeUndefined();
  });

  it('passes the new model fields to GENNAI_MODELS and each deployment key from its own Secret', () => {
    const objects = render(major, { valuesFiles: ['gateway-values.yaml'], kubeVersion: OLDEST_KUBERNETES });
    const models = JSON.parse(apiConfig(objects).GENNAI_MODELS) as Record<string, unknown>[];
    expect(models.map((model) => model.id)).toEqual(['elyza-jp-70b', 'tsuzumi-2', 'claude-sonnet-4']);
    expect(models[0]).toEqual({
      id: 'elyza-jp-70b',
      label: 'Llama-3.1-ELYZA-JP-70B（庁内）',
      vendor: 'ELYZA',
      domestic: true,
      maxInformationClass: 3,
      contextLength: 32768,
      maxOutputTokens: 4096,
      deployments: [
        { baseUrl: 'http://vllm-a.llm.svc.cluster.local:8000/v1', model: 'elyza/Llama-3.1-ELYZA-JP-70B', weight: 3, apiKeyEnv: 'VLLM_A_API_KEY' },
        { baseUrl: 'http://vllm-b.llm.svc.cluster.local:8000/v1', model: 'elyza/Llama-3.1-ELYZA-JP-70B', weight: 1, apiKeyEnv: 'VLLM_B_API_KEY' },
      ],
      fallbackModelIds: ['tsuzumi-2'],
    });
    expect(models[1]).toMatchObject({ type: 'azure-openai', settings: { apiVersion: '2024-10-21' }, inputPricePerMTok: 100, currency: 'JPY' });
    expect(models[2]).toMatchObject({ type: 'bedrock', settings: { region: 'ap-northeast-1' }, apiKeyEnv: 'BEDROCK_CREDENTIALS', fallbackModelIds: ['elyza-jp-70b'] });
    expect(apiConfig(objects).GENNAI_MODELS).not.toContain('apiKeySecret');
    expect(apiEnv(objects, 'VLLM_A_API_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: 'gennai-model-keys', key: 'vllm-a' });
    expect(apiEnv(objects, 'VLLM_B_API_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: 'gennai-model-keys', key: 'vllm-b' });
    expect(apiEnv(objects, 'AZURE_TSUZUMI_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: 'gennai-model-keys', key: 'azure-tsuzumi' });
    // A key the values name without a source comes from api.extraEnv (here the Bedrock credentials).
    expect(apiEnv(objects, 'BEDROCK_CREDENTIALS')?.valueFrom?.secretKeyRef).toEqual({ name: 'gennai-bedrock', key: 'credentials' });
  });

  it('injects provider credentials from whole Secrets with api.extraEnvFrom, before the chart ConfigMap', () => {
    const objects = render(major, { valuesFiles: ['gateway-values.yaml'], kubeVersion: OLDEST_KUBERNETES });
    expect(apiContainer(objects).envFrom).toEqual([
      { secretRef: { name: 'gennai-more-provider-keys' } },
      { configMapRef: { name: find(objects, 'ConfigMap', '-api').metadata.name } },
    ]);
    for (const entry of ['{}', '{"secretRef":{"name":"a"},"configMapRef":{"name":"b"}}', '{"secretRef":{}}']) {
      const result = template(major, { valuesFiles: ['default-values.yaml'], setJson: { 'api.extraEnvFrom': `[${entry}]` }, kubeVersion: OLDEST_KUBERNETES });
      expect(result.status, entry).not.toBe(0);
      expect(result.stderr, entry).toContain('/api/extraEnvFrom/0');
    }
  });

  it('renders every option at once with each environment variable named once (helm 4 applies server-side)', async () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    const objects = render(major, {
      valuesFiles: ['gateway-values.yaml'],
      set: {
        'database.existingSecret': '',
        'database.url': 'postgres://gennai:every-option@postgres.example.go.jp:5432/gennai',
        'gateway.existingSecret': '',
        'gateway.secretKey': key,
        'api.autoscaling.enabled': 'true',
        'web.extraEnv[0].name': 'TZ',
        'web.extraEnv[0].value': 'Asia/Tokyo',
      },
      setJson: {
        // The second deployment's key given as a value; a third deployment sharing the first one's key.
        'models[0].deployments[1]': JSON.stringify({ baseUrl: 'http://vllm-b.llm.svc.cluster.local:8000/v1', model: 'elyza/Llama-3.1-ELYZA-JP-70B', apiKeyEnv: 'VLLM_B_API_KEY', apiKey: 'inline-vllm-b-key' }),
        'models[0].deployments[2]': JSON.stringify({ baseUrl: 'http://vllm-c.llm.svc.cluster.local:8000/v1', model: 'elyza/Llama-3.1-ELYZA-JP-70B', apiKeyEnv: 'VLLM_A_API_KEY', apiKeySecret: { name: 'gennai-model-keys', key: 'vllm-a' } }),
        'models[1]': JSON.stringify({ id: 'tsuzumi-2', label: 'tsuzumi 2', type: 'azure-openai', baseUrl: 'https://gennai-tsuzumi.openai.azure.com', model: 'tsuzumi-2', apiKeyEnv: 'AZURE_TSUZUMI_KEY', apiKey: 'inline-azure-key' }),
      },
      kubeVersion: SCHEMA_KUBERNETES_VERSION,
    });
    for (const { spec, where } of workloads(objects)) {
      for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
        const names = (container.env ?? []).map((variable) => variable.name);
        expect(names, `${where} container ${container.name}`).toEqual([...new Set(names)]);
      }
    }
    const names = apiContainer(objects).env!.map((variable) => variable.name);
    expect(names).toEqual(['DATABASE_URL', 'GENNAI_SECRET_KEY', 'GENNAI_VENDOR_PSEUDONYM_KEY', 'VLLM_A_API_KEY', 'VLLM_B_API_KEY', 'AZURE_TSUZUMI_KEY', 'BEDROCK_CREDENTIALS', 'PLAMO_API_KEY']);
    const secret = find(objects, 'Secret', '-api');
    expect(Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([name, value]) => [name, decode(value)]))).toEqual({
      DATABASE_URL: 'postgres://gennai:every-option@postgres.example.go.jp:5432/gennai',
      GENNAI_SECRET_KEY: key,
      VLLM_B_API_KEY: 'inline-vllm-b-key',
      AZURE_TSUZUMI_KEY: 'inline-azure-key',
    });
    expect(apiEnv(objects, 'VLLM_B_API_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: secret.metadata.name, key: 'VLLM_B_API_KEY' });
    const config = JSON.stringify(find(objects, 'ConfigMap', '-api'));
    for (const material of ['inline-vllm-b-key', 'inline-azure-key', key]) expect(config).not.toContain(material);
    const problems: string[] = [];
    for (const object of objects) problems.push(...(await schemaProblems(object)));
    expect(problems).toEqual([]);
  });

  it('renders the API environment of chart 0.1 values exactly as chart 0.1.0 did, adding only the gateway, retention and evaluation settings', () => {
    const before = JSON.parse(readFileSync(join(CHART_DIR, 'tests/fixtures/chart-0.1-rendered.json'), 'utf8')) as {
      configMap: Record<string, string>;
      secret: Record<string, string>;
      envFrom: unknown[];
      env: unknown[];
    };
    const objects = render(major, { valuesFiles: [join(CHART_DIR, 'tests/fixtures/chart-0.1-values.yaml')], kubeVersion: OLDEST_KUBERNETES });
    const api = apiContainer(objects);
    expect(api.env).toEqual(before.env);
    expect(api.envFrom).toEqual(before.envFrom);
    expect(find(objects, 'Secret', '-api').data).toEqual(before.secret);
    const config = apiConfig(objects);
    expect(config).toMatchObject(before.configMap);
    expect(Object.keys(config).filter((name) => !(name in before.configMap)).every((name) => /^GENNAI_(UPSTREAM_CONNECT|FIRST|RETRY|CIRCUIT|CATALOG|DEFAULT|QUOTA|RATE|API_KEY|USAGE|RETENTION|ARENA|EVALUATION|ANALYTICS)_/.test(name))).toBe(true);
  });

  it('refuses values the API would refuse: information class, time zone, timeouts, encryption key', () => {
    for (const [set, problem] of [
      [{ 'gateway.defaultInformationClass': '4' }, '/gateway/defaultInformationClass'],
      [{ 'models[0].maxInformationClass': '0' }, '/models/0/maxInformationClass'],
      [{ 'gateway.quotaTimeZone': '9' }, '/gateway/quotaTimeZone'],
      [{ 'gateway.quotaTimeZone': 'Tokyo time' }, '/gateway/quotaTimeZone'],
      [{ 'gateway.connectTimeoutMs': '-1' }, '/gateway/connectTimeoutMs'],
      [{ 'gateway.firstTokenTimeoutMs': '-1000' }, '/gateway/firstTokenTimeoutMs'],
      [{ 'gateway.circuit.cooldownMs': '-5' }, '/gateway/circuit/cooldownMs'],
      [{ 'gateway.usage.flushMs': '-1' }, '/gateway/usage/flushMs'],
      [{ 'api.upstreamTimeoutMs': '-1' }, '/api/upstreamTimeoutMs'],
      [{ 'api.upstreamTimeoutMs': '3600001' }, '/api/upstreamTimeoutMs'],
      [{ 'gateway.retry.maxAttempts': '0' }, '/gateway/retry/maxAttempts'],
      [{ 'gateway.rateLimitPerMinute': '-1' }, '/gateway/rateLimitPerMinute'],
      [{ 'gateway.secretKey': 'short' }, '/gateway/secretKey'],
      [{ 'models[0].type': 'llama-cpp' }, '/models/0/type'],
      [{ 'models[0].deployments[0].weight': '-1', 'models[0].deployments[0].model': 'm' }, '/models/0/deployments/0/weight'],
    ] as const) {
      const result = template(major, { valuesFiles: ['models-values.yaml'], set, kubeVersion: OLDEST_KUBERNETES });
      expect(result.status, JSON.stringify(set)).not.toBe(0);
      expect(result.stderr, JSON.stringify(set)).toContain(problem);
    }
    const asText = template(major, { valuesFiles: ['models-values.yaml'], setString: { 'gateway.defaultInformationClass': '2' }, kubeVersion: OLDEST_KUBERNETES });
    expect(asText.stderr).toContain('/gateway/defaultInformationClass');
  });

  it('refuses model entries that are ambiguous or point nowhere, naming the entry', () => {
    for (const [set, problem] of [
      [{ 'models[0].deployments[0].model': 'm' }, 'models[plamo]: with deployments, set apiKeyEnv, apiKeySecret, baseUrl, model on each deployment instead of on the model'],

      [{ 'models[0].fallbackModelIds[0]': 'gpt-4o' }, 'models[plamo].fallbackModelIds: "gpt-4o" is neither in models nor "demo"'],
      [{ 'models[1].apiKeyEnv': 'DATABASE_URL' }, 'models[local-llm].apiKeyEnv "DATABASE_URL" is already used'],
    ] as const) {
      const result = template(major, { valuesFiles: ['models-values.yaml'], set, kubeVersion: OLDEST_KUBERNETES });
      expect(result.status, JSON.stringify(set)).not.toBe(0);
      expect(result.stderr, JSON.stringify(set)).toContain(problem);
    }
    for (const [valuesFile, setJson, problem] of [
      ['models-values.yaml', { 'models[0]': '{"id":"plamo","label":"PLaMo","baseUrl":"https://plamo.example.go.jp/v1"}' }, 'models[plamo].model is required'],
      ['gateway-values.yaml', { 'models[0].deployments[1]': '{"model":"m","apiKeySecret":{"name":"s","key":"k"}}' }, 'models[elyza-jp-70b].deployments[1].apiKeyEnv is required when the model has apiKey or apiKeySecret'],
    ] as const) {
      const result = template(major, { valuesFiles: [valuesFile], setJson, kubeVersion: OLDEST_KUBERNETES });
      expect(result.status, JSON.stringify(setJson)).not.toBe(0);
      expect(result.stderr, JSON.stringify(setJson)).toContain(problem);
    }
    for (const [set, problem] of [
      [{ 'models[0].deployments[1].apiKeyEnv': 'VLLM_A_API_KEY' }, 'models[elyza-jp-70b].deployments[1].apiKeyEnv "VLLM_A_API_KEY" is already used'],
      [{ 'models[0].deployments[1].apiKey': 'inline' }, 'models[elyza-jp-70b].deployments[1]: set apiKey or apiKeySecret, not both'],
    ] as const) {
      const result = template(major, { valuesFiles: ['gateway-values.yaml'], set, kubeVersion: OLDEST_KUBERNETES });
      expect(result.status, JSON.stringify(set)).not.toBe(0);
      expect(result.stderr, JSON.stringify(set)).toContain(problem);
    }
    // In the fallback chain "demo" is always known.
    expect(template(major, { valuesFiles: ['models-values.yaml'], set: { 'models[0].fallbackModelIds[0]': 'demo' }, kubeVersion: OLDEST_KUBERNETES }).status).toBe(0);
  });

  it('points an extraEnv entry for the encryption key to the gateway values', () => {
    const result = template(major, {
      valuesFiles: ['default-values.yaml'],
      setString: { 'api.extraEnv[0].name': 'GENNAI_SECRET_KEY', 'api.extraEnv[0].valueFrom.secretKeyRef.name': 'keys', 'api.extraEnv[0].valueFrom.secretKeyRef.key': 'k' },
      kubeVersion: OLDEST_KUBERNETES,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('api.extraEnv: GENNAI_SECRET_KEY is set by the chart; use gateway.existingSecret or gateway.secretKey instead');
  });

  it('refuses two models that read their key from the same variable', () => {
    const result = template(major, {
      valuesFiles: ['models-values.yaml'],
      set: { 'models[1].apiKeyEnv': 'PLAMO_API_KEY' },
      kubeVersion: OLDEST_KUBERNETES,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('models[local-llm].apiKeyEnv "PLAMO_API_KEY" is already used');
  });

  it('tags images with the appVersion by default and pins a digest when given', () => {
    const chart = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as { appVersion: string; version: string };
    const byDefault = render(major, { valuesFiles: ['default-values.yaml'], kubeVersion: OLDEST_KUBERNETES });
    expect(podSpec(find(byDefault, 'Deployment', '-api'))!.containers[0].image).toBe(`gennai/api:${chart.appVersion}`);
    expect(podSpec(find(byDefault, 'Deployment', '-web'))!.containers[0].image).toBe(`gennai/web:${chart.appVersion}`);
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = render(major, { valuesFiles: ['default-values.yaml'], set: { 'web.image.digest': digest }, kubeVersion: OLDEST_KUBERNETES });
    expect(podSpec(find(pinned, 'Deployment', '-web'))!.containers[0].image).toBe(`gennai/web@${digest}`);
  });

  it('has a helm test that checks the API /readyz and the web /healthz through their Services', () => {
    const objects = render(major, { valuesFiles: ['default-values.yaml'], kubeVersion: OLDEST_KUBERNETES });
    const test = find(objects, 'Pod', '-test-connection');
    expect(test.metadata.annotations?.['helm.sh/hook']).toBe('test');
    const args = podSpec(test)!.containers[0].command ?? [];
    const api = find(objects, 'Service', '-api').metadata.name;
    const web = find(objects, 'Service', '-web').metadata.name;
    expect(args).toContain(`http://${api}:80/readyz`);
    expect(args).toContain(`http://${web}:80/healthz`);
  });
});
