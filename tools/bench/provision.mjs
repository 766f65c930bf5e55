#!/usr/bin/env node
// Installs the gateways the gateway benchmark compares Gennai with into .cache/bench/ (git-ignored), once:
//   - Portkey: @portkey-ai/gateway from npm   → .cache/bench/portkey
//   - LiteLLM: litellm[proxy] from PyPI (venv) → .cache/bench/litellm
// Cached: a second run checks the pinned versions and returns at once. Bench-only, not part of npm test or CI.
// `npm run bench -- gateway` runs it first; by hand: node tools/bench/provision.mjs
// Exit code 0 even when a part fails: the benchmark reports a gateway that could not be installed, with the error.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  LITELLM_VERSION,
  PORTKEY_OVERRIDES,
  PORTKEY_PACKAGE,
  PORTKEY_VERSION,
  installedPortkeyVersion,
  litellmDir,
  litellmStamp,
  portkeyDir,
} from './competitors.mjs';

/** Provides both competitors; resolves to `{ portkey, litellm }`, each `{ ok: true, detail }` or `{ ok: false, error }`. */
export async function provisionCompetitors({ log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const outcome = {};
  for (const [name, provide] of [
    ['portkey', providePortkey],
    ['litellm', provideLitellm],
  ]) {
    const started = Date.now();
    try {
      outcome[name] = { ok: true, detail: await provide(log) };
      log(`bench provision ${name}: ${outcome[name].detail} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      outcome[name] = { ok: false, error: error.message };
      log(`bench provision ${name}: FAILED — ${error.message}`);
    }
  }
  return outcome;
}

async function providePortkey(log) {
  if (installedPortkeyVersion() === PORTKEY_VERSION) return `cached ${PORTKEY_PACKAGE}@${PORTKEY_VERSION} (with ${overridesText()})`;
  log(`bench provision portkey: npm install ${PORTKEY_PACKAGE}@${PORTKEY_VERSION} into ${portkeyDir}…`);
  rmSync(portkeyDir, { recursive: true, force: true });
  mkdirSync(portkeyDir, { recursive: true });
  // Its own package.json, so npm never walks up to the repository's workspace root.
  const manifest = { name: 'gennai-bench-portkey', private: true, overrides: PORTKEY_OVERRIDES };
  writeFileSync(join(portkeyDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run(
    'npm',
    ['install', '--prefix', portkeyDir, '--no-audit', '--no-fund', '--save-exact', '--omit=dev', `${PORTKEY_PACKAGE}@${PORTKEY_VERSION}`],
    { cwd: portkeyDir },
  );
  if (installedPortkeyVersion() !== PORTKEY_VERSION) throw new Error(`npm install finished but ${PORTKEY_PACKAGE}@${PORTKEY_VERSION} is not there`);
  return `installed ${PORTKEY_PACKAGE}@${PORTKEY_VERSION} (with ${overridesText()})`;
}

async function provideLitellm(log) {
  if (existsSync(litellmStamp()) && existsSync(join(litellmDir, 'bin/litellm'))) return `cached litellm[proxy]==${LITELLM_VERSION}`;
  const python = process.env.BENCH_PYTHON ?? 'python3';
  log(`bench provision litellm: ${python} -m venv ${litellmDir} && pip install litellm[proxy]==${LITELLM_VERSION} (a few minutes)…`);
  rmSync(litellmDir, { recursive: true, force: true });
  await run(python, ['-m', 'venv', litellmDir], {});
  const pip = join(litellmDir, 'bin/pip');
  await run(pip, ['install', '--quiet', '--disable-pip-version-check', `litellm[proxy]==${LITELLM_VERSION}`], {});
  writeFileSync(litellmStamp(), `${new Date().toISOString()}\n`);
  return `installed litellm[proxy]==${LITELLM_VERSION}`;
}

function overridesText() {
  return Object.entries(PORTKEY_OVERRIDES)
    .map(([name, version]) => `${name}@${version}`)
    .join(', ');
}

/** Runs a command; rejects with the tail of its output. */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => reject(new Error(error.code === 'ENOENT' ? `\`${command}\` is not installed or not on PATH` : error.message)));
    child.on('close', (code) => {
      if (code === 0) return resolve(output);
      const tail = output.trim().split('\n').slice(-12).join('\n');
      reject(new Error(`\`${command} ${args.join(' ')}\` exited ${code}:\n${tail}`));
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await provisionCompetitors();
}
