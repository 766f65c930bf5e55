#!/usr/bin/env node
// Fetches or builds the tools the tests need but the npm packages do not bring: Chromium, the Keycloak
// distribution and the helm CLIs (v4 and v3). Runs before every `npm test`, so it is idempotent and quick
// once everything is cached under <repo>/.cache/. Prints one line per part; exits 1 when a needed part failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  HELM_VERSIONS,
  KEYCLOAK_VERSION,
  cacheDir,
  chromiumPath,
  helmBinaryPath,
  helmEnvVariable,
  keycloakHomePath,
} from './paths.mjs';

/** Japanese and emoji glyphs for the browser, so e2e screenshots show text rather than empty boxes. */
const FONTS = [
  ['fonts-noto-cjk', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'],
  ['fonts-noto-color-emoji', '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf'],
];

const KEYCLOAK_ARTIFACT = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:tar.gz`;
const HELM_MODULES = { 4: 'helm.sh/helm/v4', 3: 'helm.sh/helm/v3' };

/** A part that could not be provided although it is needed; its message says what to do. */
class NeededPartMissing extends Error {}

const parts = [
  ['chromium', provideChromium],
  ['keycloak', provideKeycloak],
  ['helm 4', (progress) => provideHelm(4, progress)],
  ['helm 3', (progress) => provideHelm(3, progress)],
];

let failed = 0;
for (const [name, provide] of parts) {
  const started = Date.now();
  // Slow steps announce themselves on the part's line; the outcome then completes that same line.
  let prefix = `${name}: `;
  const progress = (message) => {
    process.stdout.write(`${prefix}${message}… `);
    prefix = '';
  };
  try {
    const outcome = await provide(progress);
    console.log(`${prefix}${outcome}${elapsed(started)}`);
  } catch (error) {
    failed += 1;
    const message = error instanceof NeededPartMissing ? error.message : `unexpected failure: ${error?.stack ?? error}`;
    console.log(`${prefix}FAILED — ${message}`);
  }
}
if (failed) {
  console.error(`provision: ${failed} part(s) failed; see above for how to provide them.`);
  process.exit(1);
}

async function provideChromium(progress) {
  const root = process.getuid?.() === 0;
  const packages = [];
  let browser;
  try {
    browser = chromiumPath();
  } catch (missing) {
    if (process.env.CHROMIUM_PATH || !root) {
      // Only the e2e journeys need a browser; they fail with the same message, so the other suites can still run.
      return `missing, e2e tests will fail until then. ${missing.message}`;
    }
    packages.push('chromium');
  }
  if (root) packages.push(...FONTS.filter(([, file]) => !existsSync(file)).map(([name]) => name));
  if (!packages.length) return `ok (${browser})`;
  progress(`installing Debian packages: ${packages.join(', ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env }, 'apt-get update failed');
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env }, `apt-get install ${packages.join(' ')} failed`);
  return `installed ${packages.join(', ')} (${chromiumPath()})`;
}

async function provideKeycloak(progress) {
  if (process.env.KEYCLOAK_URL) return `not needed, tests use KEYCLOAK_URL=${process.env.KEYCLOAK_URL}`;
  const home = keycloakHomePath();
  if (existsSync(join(home, 'bin/kc.sh'))) return `ok (${KEYCLOAK_VERSION} in ${relative(home)})`;

  const downloads = join(cacheDir, 'downloads');
  const archive = join(downloads, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.tar.gz`);
  try {
    if (!existsSync(archive)) {
      progress(`fetching ${KEYCLOAK_ARTIFACT} with Maven`);
      mkdirSync(downloads, { recursive: true });
      await run(
        'mvn',
        ['-q', '-B', 'dependency:copy', `-Dartifact=${KEYCLOAK_ARTIFACT}`, `-DoutputDirectory=${downloads}`],
        { cwd: downloads },
        'Maven could not fetch the Keycloak distribution',
      );
    }
    await unpack(archive, home);
  } catch (error) {
    if (containerRuntimeLikely()) {
      return `distribution unavailable (${error.message.split('\n')[0]}); tests will use testcontainers`;
    }
    throw new NeededPartMissing(
      `${error.message}\nProvide Keycloak one of these ways: install Maven and Java 17+ and rerun \`npm run provision\`, ` +
        'start Docker/Podman (tests then use the keycloak image), or set KEYCLOAK_URL (+ KEYCLOAK_ADMIN_USERNAME/PASSWORD).',
    );
  }
  return `ok (${KEYCLOAK_VERSION} unpacked into ${relative(home)})`;
}

async function unpack(archive, home) {
  // Unpack beside the target and rename, so an interrupted run never leaves a half-unpacked distribution behind.
  const parent = join(home, '..');
  const staging = join(parent, `.unpack-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await run('tar', ['-xzf', archive, '-C', staging], {}, 'could not unpack the Keycloak distribution');
    const [top] = readdirSync(staging);
    rmSync(home, { recursive: true, force: true });
    renameSync(join(staging, top), home);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function provideHelm(major, progress) {
  const expected = HELM_VERSIONS[major];
  const variable = helmEnvVariable(major);
  const fromEnv = process.env[variable];
  if (fromEnv) {
    const version = await helmVersion(fromEnv);
    if (!version) throw new NeededPartMissing(`${variable}=${fromEnv} does not run \`helm version\`.`);
    return `ok (${variable}=${fromEnv}, ${version})`;
  }

  const binary = helmBinaryPath(major);
  if ((await helmVersion(binary))?.startsWith(expected)) return `ok (${expected} in ${relative(binary)})`;

  progress(`building ${expected} with go install (a few minutes the first time)`);
  const module = HELM_MODULES[major];
  const gobin = join(binary, '..');
  mkdirSync(gobin, { recursive: true });
  await run(
    'go',
    ['install', '-ldflags', `-X ${module}/internal/version.version=${expected}`, `${module}/cmd/helm@${expected}`],
    { env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin } },
    `could not build helm ${expected}; install Go 1.26+ and rerun \`npm run provision\`, or set ${variable} to a helm ${major} binary`,
  );
  const built = await helmVersion(binary);
  if (!built?.startsWith(expected)) {
    throw new NeededPartMissing(`built ${binary} but it reports version ${built ?? 'nothing'}, expected ${expected}`);
  }
  return `ok (${expected} built into ${relative(binary)})`;
}

async function helmVersion(binary) {
  if (!existsSync(binary)) return undefined;
  try {
    return (await run(binary, ['version', '--short'], {}, 'helm version failed')).trim();
  } catch {
    return undefined;
  }
}

/** A socket or DOCKER_HOST that testcontainers would try; a hint only, tests decide for real. */
function containerRuntimeLikely() {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock') || existsSync('/run/podman/podman.sock');
}

/** Runs a command, resolving to its stdout; rejects with NeededPartMissing carrying the output's tail. */
function run(command, args, options, failure) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => {
      const hint = error.code === 'ENOENT' ? `\`${command}\` is not installed or not on PATH` : error.message;
      reject(new NeededPartMissing(`${failure}: ${hint}`));
    });
    child.on('close', (code) => {
      if (code === 0) return resolvePromise(stdout);
      const tail = output.trim().split('\n').slice(-15).join('\n');
      reject(new NeededPartMissing(`${failure} (\`${command} ${args.join(' ')}\` exited ${code}):\n${tail}`));
    });
  });
}

function relative(path) {
  return path.startsWith(cacheDir) ? `.cache${path.slice(cacheDir.length)}` : path;
}

function elapsed(started) {
  const ms = Date.now() - started;
  return ms > 2000 ? ` in ${Math.round(ms / 1000)} s` : '';
}
