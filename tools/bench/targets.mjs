// What the gateway benchmark measures: the upstream alone (the baseline every "added" number subtracts), the Portkey
// gateway and the LiteLLM proxy, each started as its own process on the gateway core. Gennai is in gennai-target.mjs.
// A target: { name, label, version, cores, setup, pids(), endpoint(phase) → { url, headers, model }, stop() }.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../dev/embedded-postgres.mjs';
import { LITELLM_VERSION, PORTKEY_PACKAGE, PORTKEY_VERSION, litellmCommand, litellmDir, portkeyDir, portkeyServer } from './competitors.mjs';
import { onGatewayCore, pinning, processTree, startProcess, waitForHttp } from './processes.mjs';
import { UPSTREAM_PHASES } from './upstream.mjs';

export const PHASES = Object.keys(UPSTREAM_PHASES);
const here = fileURLToPath(new URL('.', import.meta.url));

/** The upstream test servers, one per phase, in a child process on the harness core. */
export async function startUpstream({ logFile }) {
  let resolveUrls;
  const urls = new Promise((resolve) => (resolveUrls = resolve));
  const handle = startProcess(process.execPath, [join(here, 'upstream.mjs')], {
    logFile,
    onLine: (line) => {
      if (line.startsWith('{')) resolveUrls(JSON.parse(line));
    },
  });
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`upstream did not start:\n${handle.output}`)), 15_000));
  return { baseUrls: await Promise.race([urls, timeout]), pid: handle.child.pid, stop: () => handle.stop() };
}

/** The upstream alone: what each number "added by a gateway" is measured against. */
export function directTarget(upstream) {
  return {
    name: 'direct',
    label: 'upstream directly (no gateway)',
    version: 'tools/testing/openai-test-server.mjs',
    cores: 'harness core',
    setup: 'the load generator talks to the test server itself',
    pids: () => [upstream.pid],
    endpoint: (phase) => ({ url: new URL(`${upstream.baseUrls[phase]}/chat/completions`), headers: {}, model: 'test-model' }),
    stop: async () => undefined,
  };
}

/** @portkey-ai/gateway as its package starts it (`start-server.js --port=… --headless`), one Node.js process. */
export async function startPortkey(upstream, { logFile }) {
  const port = await findFreePort();
  const [command, args] = onGatewayCore(process.execPath, [portkeyServer(), `--port=${port}`, '--headless']);
  const handle = startProcess(command, args, { cwd: portkeyDir, logFile, env: { ...process.env, NODE_ENV: 'production' } });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, handle, { name: 'Portkey gateway', timeoutMs: 30_000 });
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return {
    name: 'portkey',
    label: 'Portkey gateway',
    version: `${PORTKEY_PACKAGE}@${PORTKEY_VERSION}`,
    cores: pinning ? '1 (one Node.js process, pinned to one core)' : '1 (one Node.js process)',
    setup: 'default build (start-server.js --headless, NODE_ENV=production); provider `openai` with x-portkey-custom-host = the test server; no auth, no accounting',
    pids: () => processTree(handle.child.pid),
    endpoint: (phase) => ({
      url: new URL(`http://127.0.0.1:${port}/v1/chat/completions`),
      headers: { authorization: 'Bearer sk-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstream.baseUrls[phase] },
      model: 'test-model',
    }),
    stop: () => handle.stop(),
  };
}

/**
 * LiteLLM's proxy (`litellm --config`, uvicorn, 1 worker), no database, telemetry off, one model per phase. It refuses
 * to start without a master key, so requests carry one (its authentication: a comparison with the configured key).
 */
export async function startLitellm(upstream, { logFile, workDir }) {
  const port = await findFreePort();
  const config = join(workDir, 'litellm-config.yaml');
  const models = PHASES.map(
    (phase) =>
      `  - model_name: bench-${phase}\n    litellm_params:\n      model: openai/test-model\n      api_base: ${upstream.baseUrls[phase]}\n      api_key: sk-bench\n`,
  );
  writeFileSync(config, `model_list:\n${models.join('')}litellm_settings:\n  telemetry: false\n  drop_params: true\n`);
  const [command, args] = onGatewayCore(litellmCommand(), ['--config', config, '--host', '127.0.0.1', '--port', String(port), '--num_workers', '1']);
  const masterKey = `sk-bench-${randomBytes(16).toString('hex')}`;
  const env = { ...process.env, LITELLM_MASTER_KEY: masterKey, LITELLM_LOCAL_MODEL_COST_MAP: 'True', LITELLM_TELEMETRY: 'False', LITELLM_LOG: 'ERROR', NO_DOCS: 'True' };
  delete env.DATABASE_URL;
  const handle = startProcess(command, args, { cwd: litellmDir, logFile, env });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health/liveliness`, handle, { name: 'LiteLLM proxy', timeoutMs: 120_000 });
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return {
    name: 'litellm',
    label: 'LiteLLM proxy',
    version: `litellm[proxy]==${LITELLM_VERSION} (Python ${process.env.BENCH_PYTHON_VERSION ?? '3.11'})`,
    cores: pinning ? '1 (uvicorn, --num_workers 1, pinned to one core)' : '1 (uvicorn, --num_workers 1)',
    setup: 'config.yaml with openai/test-model + api_base = the test server per phase; master key (LiteLLM refuses to start without one), no database (so no virtual keys, budgets or spend logs), LITELLM_LOG=ERROR',
    pids: () => processTree(handle.child.pid),
    endpoint: (phase) => ({ url: new URL(`http://127.0.0.1:${port}/v1/chat/completions`), headers: { authorization: `Bearer ${masterKey}` }, model: `bench-${phase}` }),
    stop: () => handle.stop(),
  };
}
