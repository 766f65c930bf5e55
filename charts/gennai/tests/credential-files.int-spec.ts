// Files in the API pods: gateway.credentialFiles (provider credentials of kind file, from Secrets) and
// api.extraVolumes / api.extraVolumeMounts, rendered by the real helm 4 and helm 3 binaries.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_DIR, find, render, template, type KubeObject, type RenderOptions } from './helm';
import { SCHEMA_KUBERNETES_VERSION, schemaProblems } from './kubernetes-schema';

const OLDEST_KUBERNETES = '1.29.0';
const SHAPE = 'credential-files-values.yaml';

interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}
interface Volume {
  name: string;
  emptyDir?: { sizeLimit?: string };
  secret?: { secretName: string; defaultMode?: number; items?: { key: string; path: string }[] };
  configMap?: { name: string };
}
interface ApiPod {
  securityContext: { fsGroup?: number };
  containers: { name: string; volumeMounts: VolumeMount[]; securityContext: { readOnlyRootFilesystem?: boolean } }[];
  volumes: Volume[];
}

const apiDeployment = (objects: KubeObject[]) => find(objects, 'Deployment', '-api');
const apiPod = (objects: KubeObject[]) => (apiDeployment(objects).spec as { template: { spec: ApiPod } }).template.spec;
const podAnnotations = (objects: KubeObject[]) =>
  (apiDeployment(objects).spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations;

/** The chart's own /tmp volume, exactly as chart 0.1.0 rendered it. */
const TMP_VOLUME: Volume = { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } };
const TMP_MOUNT: VolumeMount = { name: 'tmp', mountPath: '/tmp' };

describe.each([4, 3] as const)('files in the API pods with helm %i', (major) => {
  const renderWith = (options: Omit<RenderOptions, 'kubeVersion'>) => render(major, { kubeVersion: OLDEST_KUBERNETES, ...options });
  const refusal = (setJson: Record<string, string>, set: Record<string, string> = {}) =>
    template(major, { valuesFiles: ['default-values.yaml'], setJson, set, kubeVersion: OLDEST_KUBERNETES });

  it('mounts each credential Secret read-only as files of mode 0440 that the API user reads through the fsGroup', () => {
    const pod = apiPod(renderWith({ valuesFiles: [SHAPE] }));
    expect(pod.volumes.slice(0, 3)).toEqual([
      TMP_VOLUME,
      { name: 'gateway-credentials-0', secret: { secretName: 'gennai-bedrock', defaultMode: 0o440 } },
      {
        name: 'gateway-credentials-1',
        secret: { secretName: 'gennai-provider-keys', defaultMode: 0o440, items: [{ key: 'azure-tsuzumi', path: 'api-key' }] },
      },
    ]);
    const [api] = pod.containers;
    expect(api.volumeMounts.slice(0, 3)).toEqual([
      TMP_MOUNT,
      { name: 'gateway-credentials-0', mountPath: '/var/run/secrets/gennai/bedrock', readOnly: true },
      { name: 'gateway-credentials-1', mountPath: '/var/run/secrets/gennai/azure', readOnly: true },
    ]);
    // 0440 files are readable only through their group: the kubelet gives them the pod's fsGroup, which every
    // process in the pod holds as a supplementary group. Without an fsGroup they would be root's alone.
    expect(pod.securityContext.fsGroup).toBeGreaterThan(0);
    // Whole directories, never subPath: the kubelet refreshes them when the Secret changes.
    expect(api.volumeMounts.some((mount) => mount.subPath)).toBe(false);
    expect(api.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('adds api.extraVolumes and their mounts after the chart\'s, read-only unless readOnly: false is given', () => {
    const pod = apiPod(
      renderWith({
        valuesFiles: [SHAPE],
        setJson: {
          'api.extraVolumes[1]': JSON.stringify({ name: 'scratch', emptyDir: { sizeLimit: '64Mi' } }),
          'api.extraVolumeMounts[1]': JSON.stringify({ name: 'scratch', mountPath: '/var/cache/gennai', readOnly: false }),
          'api.extraVolumeMounts[2]': JSON.stringify({ name: 'model-ca', mountPath: '/etc/ssl/model-ca.crt', subPath: 'ca.crt' }),
        },
      }),
    );
    expect(pod.volumes.slice(3)).toEqual([
      { name: 'model-ca', configMap: { name: 'model-endpoint-ca' } },
      { name: 'scratch', emptyDir: { sizeLimit: '64Mi' } },
    ]);
    expect(pod.containers[0].volumeMounts.slice(3)).toEqual([
      { name: 'model-ca', mountPath: '/etc/gennai/ca', readOnly: true },
      { name: 'scratch', mountPath: '/var/cache/gennai', readOnly: false },
      { name: 'model-ca', mountPath: '/etc/ssl/model-ca.crt', subPath: 'ca.crt', readOnly: true },
    ]);
  });

  it('renders every volume kind it accepts as objects the Kubernetes API schemas accept', async () => {
    const volumes = [
      { name: 'a-secret', secret: { secretName: 'keys', optional: false } },
      { name: 'a-config-map', configMap: { name: 'settings', items: [{ key: 'k', path: 'k.txt' }] } },
      { name: 'a-projected', projected: { sources: [{ secret: { name: 'keys' } }, { configMap: { name: 'settings' } }] } },
      { name: 'a-downward-api', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      { name: 'an-empty-dir', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
      {
        name: 'an-ephemeral',
        ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } },
      },
      { name: 'a-claim', persistentVolumeClaim: { claimName: 'shared', readOnly: true } },
      { name: 'a-csi', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'gennai' } } },
    ];
    const mounts = volumes.map((volume) => ({ name: volume.name, mountPath: `/var/run/gennai/${volume.name}` }));
    const objects = render(major, {
      valuesFiles: [SHAPE],
      setJson: { 'api.extraVolumes': JSON.stringify(volumes), 'api.extraVolumeMounts': JSON.stringify(mounts) },
      kubeVersion: SCHEMA_KUBERNETES_VERSION,
    });
    expect(apiPod(objects).volumes.map((volume) => volume.name)).toEqual([
      'tmp',
      'gateway-credentials-0',
      'gateway-credentials-1',
      ...volumes.map((volume) => volume.name),
    ]);
    const problems: string[] = [];
    for (const object of objects) problems.push(...(await schemaProblems(object)));
    expect(problems).toEqual([]);
  });

  it('refuses a mount that names no volume, naming the entry and the volumes there are', () => {
    const result = refusal({
      'api.extraVolumes': '[{"name":"model-ca","configMap":{"name":"ca"}}]',
      'api.extraVolumeMounts': '[{"name":"model-ca","mountPath":"/etc/gennai/ca"},{"name":"modle-ca","mountPath":"/etc/gennai/ca2"}]',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('api.extraVolumeMounts[1] (modle-ca): no volume named "modle-ca" in api.extraVolumes; add it there (names: model-ca)');
    // The chart's own volumes are not there to be mounted twice.
    expect(refusal({ 'api.extraVolumeMounts': '[{"name":"tmp","mountPath":"/var/tmp"}]' }).stderr).toContain(
      'api.extraVolumeMounts[0] (tmp): no volume named "tmp" in api.extraVolumes; add it there (names: none)',
    );
  });

  it('refuses mount paths that are relative, oddly written, or would hide /tmp, the app or the whole image', () => {
    const volumes = '[{"name":"keys","secret":{"secretName":"keys"}}]';
    for (const [mountPath, problem] of [
      ['var/run/keys', "at '/api/extraVolumeMounts/0/mountPath': 'var/run/keys' does not match pattern '^/'"],
      ['/tmp', 'api.extraVolumeMounts[0] (keys): mountPath "/tmp" would shadow /tmp, which the API needs'],
      ['/tmp/keys', 'api.extraVolumeMounts[0] (keys): mountPath "/tmp/keys" would shadow /tmp, which the API needs'],
      ['/app', 'api.extraVolumeMounts[0] (keys): mountPath "/app" would shadow /app, which the API needs'],
      ['/app/dist/keys', 'api.extraVolumeMounts[0] (keys): mountPath "/app/dist/keys" would shadow /app, which the API needs'],
      ['/', 'api.extraVolumeMounts[0] (keys): mountPath "/" would hide the whole image'],
      ['/var/run/../../tmp', 'api.extraVolumeMounts[0] (keys): mountPath "/var/run/../../tmp" must be written plainly, as "/tmp"'],
      ['/var/run/keys/', 'api.extraVolumeMounts[0] (keys): mountPath "/var/run/keys/" must be written plainly, as "/var/run/keys"'],
    ] as const) {
      const result = refusal({ 'api.extraVolumes': volumes, 'api.extraVolumeMounts': `[{"name":"keys","mountPath":"${mountPath}"}]` });
      expect(result.status, mountPath).not.toBe(0);
      expect(result.stderr, mountPath).toContain(problem);
    }
    const credential = refusal({ 'gateway.credentialFiles': '[{"secretName":"gennai-bedrock","mountPath":"/tmp/bedrock"}]' });
    expect(credential.stderr).toContain('gateway.credentialFiles[0] (gennai-bedrock): mountPath "/tmp/bedrock" would shadow /tmp');
  });

  it('refuses two mounts at one path and two volumes with one name, naming both entries', () => {
    for (const [setJson, problem] of [
      [
        {
          'gateway.credentialFiles': '[{"secretName":"gennai-bedrock","mountPath":"/var/run/secrets/gennai"}]',
          'api.extraVolumes': '[{"name":"keys","secret":{"secretName":"keys"}}]',
          'api.extraVolumeMounts': '[{"name":"keys","mountPath":"/var/run/secrets/gennai"}]',
        },
        'api.extraVolumeMounts[0] (keys): mountPath "/var/run/secrets/gennai" is already used by gateway.credentialFiles[0] (gennai-bedrock)',
      ],
      [
        {
          'gateway.credentialFiles': '[{"secretName":"gennai-bedrock","mountPath":"/var/run/secrets/gennai"}]',
          'api.extraVolumes': '[{"name":"gateway-credentials-0","emptyDir":{}}]',
        },
        'api.extraVolumes[0] (gateway-credentials-0): volume name "gateway-credentials-0" is already used by gateway.credentialFiles[0] (gennai-bedrock)',
      ],
      [{ 'api.extraVolumes': '[{"name":"tmp","emptyDir":{}}]' }, 'api.extraVolumes[0] (tmp): volume name "tmp" is already used by the chart\'s /tmp volume'],
    ] as const) {
      const result = refusal(setJson);
      expect(result.status, problem).not.toBe(0);
      expect(result.stderr, problem).toContain(problem);
    }
  });

  it('keeps the pod hardened: no node paths, no propagation, no writable credential files, fsGroup required', () => {
    for (const [setJson, problem] of [
      [{ 'api.extraVolumes': '[{"name":"host","hostPath":{"path":"/etc"}}]' }, "at '/api/extraVolumes/0': additional properties 'hostPath' not allowed"],
      [{ 'api.extraVolumes': '[{"name":"nfs","nfs":{"server":"nas","path":"/"}}]' }, "at '/api/extraVolumes/0': additional properties 'nfs' not allowed"],
      [{ 'api.extraVolumes': '[{"name":"two","secret":{},"emptyDir":{}}]' }, "at '/api/extraVolumes/0': maxProperties"],
      [{ 'api.extraVolumes': '[{"name":"Keys","emptyDir":{}}]' }, '/api/extraVolumes/0/name'],
      [
        { 'api.extraVolumeMounts': '[{"name":"keys","mountPath":"/keys","mountPropagation":"Bidirectional"}]' },
        "at '/api/extraVolumeMounts/0': additional properties 'mountPropagation' not allowed",
      ],
      [
        { 'gateway.credentialFiles': '[{"secretName":"keys","mountPath":"/keys","readOnly":false}]' },
        "at '/gateway/credentialFiles/0': additional properties 'readOnly' not allowed",
      ],
      [{ 'gateway.credentialFiles': '[{"secretName":"keys","mountPath":"/keys","items":[{"key":"k","path":"../k"}]}]' }, '/gateway/credentialFiles/0/items/0/path'],
      [{ 'gateway.credentialFiles': '[{"secretName":"keys","mountPath":"/keys","items":[{"key":"k","path":"/k"}]}]' }, '/gateway/credentialFiles/0/items/0/path'],
    ] as const) {
      const result = refusal(setJson);
      expect(result.status, problem).not.toBe(0);
      expect(result.stderr, problem).toContain(problem);
    }
    const withoutFsGroup = refusal({ 'gateway.credentialFiles': '[{"secretName":"gennai-bedrock","mountPath":"/var/run/secrets/gennai/bedrock"}]' }, { 'podSecurityContext.fsGroup': 'null' });
    expect(withoutFsGroup.status).not.toBe(0);
    expect(withoutFsGroup.stderr).toContain('gateway.credentialFiles[0] (gennai-bedrock): podSecurityContext.fsGroup is required');
  });

  it('leaves the checksums alone: the chart never reads the Secrets it mounts, the API reads the files', () => {
    const without = podAnnotations(renderWith({ valuesFiles: [SHAPE], setJson: { 'gateway.credentialFiles': '[]', 'api.extraVolumes': '[]', 'api.extraVolumeMounts': '[]' } }));
    const withFiles = podAnnotations(renderWith({ valuesFiles: [SHAPE] }));
    expect(withFiles).toEqual(without);
  });

  it('renders the API pod of chart 0.1 values with the same volumes and mounts as chart 0.1.0', () => {
    const objects = renderWith({ valuesFiles: [join(CHART_DIR, 'tests/fixtures/chart-0.1-values.yaml')] });
    const pod = apiPod(objects);
    expect(pod.volumes).toEqual([TMP_VOLUME]);
    expect(pod.containers[0].volumeMounts).toEqual([TMP_MOUNT]);
  });
});
