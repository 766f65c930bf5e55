// Where the test-only tools that `npm run provision` fetches or builds live, and how to find them.
// Each lookup returns a path or throws an Error saying how to provide the tool.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KEYCLOAK_VERSION = '26.5.6';
export const HELM_VERSIONS = Object.freeze({ 4: 'v4.3.1', 3: 'v3.22.0' });

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheDir = join(repoRoot, '.cache');

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium used by e2e tests: env CHROMIUM_PATH, else the system package. */
export function chromiumPath() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist. Point it at a Chromium executable or unset it.`);
  }
  const found = CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new Error(
    'Chromium not found. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`; `npm run provision` does this ' +
      'when run as root) or set CHROMIUM_PATH to a Chromium executable.',
  );
}

/** Folder of the unpacked Keycloak distribution in the cache (contains bin/kc.sh). */
export function keycloakHome() {
  const home = keycloakHomePath();
  if (existsSync(join(home, 'bin/kc.sh'))) return home;
  throw new Error(
    `Keycloak ${KEYCLOAK_VERSION} is not in ${home}. Run \`npm run provision\` (needs Maven and Java 17+) ` +
      'or set KEYCLOAK_URL to a running Keycloak.',
  );
}

/** Where keycloakHome() looks, whether or not it is there yet. */
export function keycloakHomePath() {
  return join(cacheDir, 'keycloak', `keycloak-${KEYCLOAK_VERSION}`);
}

/** The helm CLI of a major version (4 or 3): env HELM_BIN / HELM3_BIN, else the one provision built. */
export function helmBinary(major = 4) {
  const variable = helmEnvVariable(major);
  const fromEnv = process.env[variable];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`${variable}=${fromEnv} does not exist. Point it at a helm ${major} binary or unset it.`);
  }
  const built = helmBinaryPath(major);
  if (existsSync(built)) return built;
  throw new Error(
    `helm ${HELM_VERSIONS[major]} not found at ${built}. Run \`npm run provision\` (builds it with Go) ` +
      `or set ${variable} to a helm ${major} binary.`,
  );
}

/** Where provision puts helm of a major version. */
export function helmBinaryPath(major) {
  if (!HELM_VERSIONS[major]) throw new Error(`Unsupported helm major version ${major}; use 4 or 3.`);
  return join(cacheDir, 'tools', `helm-v${major}`, 'helm');
}

export function helmEnvVariable(major) {
  return major === 3 ? 'HELM3_BIN' : 'HELM_BIN';
}
