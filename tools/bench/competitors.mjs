// The other gateways the gateway benchmark compares Gennai with, pinned, and where `provision.mjs` caches them
// (.cache/bench/, git-ignored). Bench-only: neither npm test nor CI installs them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../provision/paths.mjs';

export const PORTKEY_PACKAGE = '@portkey-ai/gateway';
export const PORTKEY_VERSION = '1.15.2';
/**
 * Portkey's package asks for `@hono/node-server` ^1.3.3 and `hono` ^4.9.7, so npm installs the newest ones, with which
 * every streamed answer fails with `TypeError: immutable` (Portkey-AI/gateway#1389, #1550). Held at the versions
 * Portkey's own package-lock.json pins for this release, as a user of their repository would run it.
 */
export const PORTKEY_OVERRIDES = { '@hono/node-server': '1.13.5', hono: '4.9.7' };
// 1.110 moved the proxy into a separate `litellm-proxy` package not published on PyPI; 1.106.12's proxy extras resolve.
export const LITELLM_VERSION = '1.106.12';

export const benchCacheDir = join(cacheDir, 'bench');
export const portkeyDir = join(benchCacheDir, 'portkey');
export const litellmDir = join(benchCacheDir, 'litellm');

/** The Portkey gateway's server script, or an Error saying how to provide it. */
export function portkeyServer() {
  const server = join(portkeyDir, 'node_modules', PORTKEY_PACKAGE, 'build/start-server.js');
  if (existsSync(server) && installedPortkeyVersion() === PORTKEY_VERSION) return server;
  throw new Error(`${PORTKEY_PACKAGE}@${PORTKEY_VERSION} is not in ${portkeyDir}: run \`node tools/bench/provision.mjs\``);
}

export function installedPortkeyVersion() {
  const versionOf = (name) => {
    const manifest = join(portkeyDir, 'node_modules', name, 'package.json');
    return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
  };
  const overridden = Object.entries(PORTKEY_OVERRIDES).every(([name, version]) => versionOf(name) === version);
  return overridden ? versionOf(PORTKEY_PACKAGE) : undefined;
}

/** The `litellm` command of the cached virtual environment, or an Error saying how to provide it. */
export function litellmCommand() {
  const command = join(litellmDir, 'bin/litellm');
  if (existsSync(command) && existsSync(litellmStamp())) return command;
  throw new Error(`litellm[proxy]==${LITELLM_VERSION} is not in ${litellmDir}: run \`node tools/bench/provision.mjs\``);
}

/** Written after a complete pip install of the pinned version, so a half-done install is retried. */
export function litellmStamp() {
  return join(litellmDir, `.installed-${LITELLM_VERSION}`);
}
