#!/usr/bin/env node
// `nx run chart:lint`: `helm lint --strict` of the chart with every ci/*-values.yaml, for the oldest
// and newest supported Kubernetes versions, with helm 4 (env HELM_BIN, else the provisioned one).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { helmBinary } from '../../../tools/provision/paths.mjs';

const chart = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const kubeVersions = ['1.29.0', '1.36.0'];
let helm;
try {
  helm = helmBinary(4);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
let failed = 0;
for (const file of readdirSync(join(chart, 'ci')).filter((name) => name.endsWith('-values.yaml')).sort()) {
  for (const kubeVersion of kubeVersions) {
    const args = ['lint', '--strict', chart, '-f', join(chart, 'ci', file), '--kube-version', kubeVersion];
    const result = spawnSync(helm, args, { encoding: 'utf8' });
    const ok = result.status === 0;
    if (!ok) failed += 1;
    console.log(`${ok ? 'ok  ' : 'FAIL'} helm lint --strict -f ci/${file} --kube-version ${kubeVersion}`);
    if (!ok) console.log(result.stdout + result.stderr);
  }
}
process.exit(failed ? 1 : 0);
