import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { helmBinary } from '../../../tools/provision/paths.mjs';

/** The chart under test. */
export const CHART_DIR = resolve(import.meta.dirname, '..');

/** Every supported shape: charts/gennai/ci/<shape>-values.yaml. */
export const CI_VALUES = readdirSync(join(CHART_DIR, 'ci'))
  .filter((file) => file.endsWith('-values.yaml'))
  .sort();

/** A rendered Kubernetes object (only the fields the tests read are typed). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RenderOptions {
  /** Files under ci/ (or absolute paths) passed with -f, in order. */
  valuesFiles?: string[];
  /** --set pairs (helm infers numbers and booleans), applied after the files. */
  set?: Record<string, string>;
  /** --set-string pairs, applied after --set. */
  setString?: Record<string, string>;
  /** --set-json pairs (the value is JSON), applied last. */
  setJson?: Record<string, string>;
  kubeVersion: string;
  /** Release name (default "gennai"). */
  release?: string;
}

/** Runs a helm binary of the given major version; throws helmBinary()'s message when it is missing. */
export function helm(major: 3 | 4, args: string[]): HelmResult {
  const result = spawnSync(helmBinary(major), args, {
    cwd: CHART_DIR,
    encoding: 'utf8',
    // No kubeconfig, repositories or plugins of the machine running the tests.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HELM_CONFIG_HOME: '/nonexistent', KUBECONFIG: '/nonexistent' },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

function valuesArgs(options: RenderOptions): string[] {
  const files = (options.valuesFiles ?? []).flatMap((file) => ['-f', resolve(CHART_DIR, 'ci', file)]);
  const sets = Object.entries(options.set ?? {}).flatMap(([key, value]) => ['--set', `${key}=${value}`]);
  const strings = Object.entries(options.setString ?? {}).flatMap(([key, value]) => ['--set-string', `${key}=${value}`]);
  const json = Object.entries(options.setJson ?? {}).flatMap(([key, value]) => ['--set-json', `${key}=${value}`]);
  return [...files, ...sets, ...strings, ...json, '--kube-version', options.kubeVersion];
}

/** `helm template` output, or the failed run (status and stderr) when rendering fails. */
export function template(major: 3 | 4, options: RenderOptions): HelmResult {
  return helm(major, ['template', options.release ?? 'gennai', CHART_DIR, '--namespace', 'gennai', ...valuesArgs(options)]);
}

/** `helm lint --strict` of the chart with the given values. */
export function lint(major: 3 | 4, options: RenderOptions): HelmResult {
  return helm(major, ['lint', '--strict', CHART_DIR, ...valuesArgs(options)]);
}

/** Renders the chart and parses every object; fails the test with helm's message if rendering fails. */
export function render(major: 3 | 4, options: RenderOptions): KubeObject[] {
  const result = template(major, options);
  if (result.status !== 0) throw new Error(`helm ${major} template failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

export function parseManifests(text: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length) throw new Error(`invalid YAML from helm: ${document.errors[0].message}`);
    const value = document.toJS() as KubeObject | null;
    if (value) objects.push(value);
  }
  return objects;
}

/** The one object of a kind whose name ends with the given suffix (e.g. "-api"). */
export function find(objects: KubeObject[], kind: string, nameSuffix: string): KubeObject {
  const matches = objects.filter((object) => object.kind === kind && object.metadata.name.endsWith(nameSuffix));
  if (matches.length !== 1) {
    throw new Error(`expected one ${kind} named *${nameSuffix}, found ${matches.map((m) => m.metadata.name).join(', ') || 'none'}`);
  }
  return matches[0];
}
