/** The Keycloak distribution version provisioned and used by the test harness. */
export const KEYCLOAK_VERSION: string;
/** The helm CLI versions provisioned, by major version. */
export const HELM_VERSIONS: Readonly<{ 4: string; 3: string }>;
export const repoRoot: string;
/** <repo>/.cache, where provision keeps downloads and built tools. */
export const cacheDir: string;

/** Chromium for e2e tests: env CHROMIUM_PATH, else the system package. Throws how to install it when missing. */
export function chromiumPath(): string;
/** The unpacked Keycloak distribution (contains bin/kc.sh). Throws how to provide it when missing. */
export function keycloakHome(): string;
/** Where keycloakHome() looks, whether or not it is there yet. */
export function keycloakHomePath(): string;
/** helm of a major version: env HELM_BIN (4) / HELM3_BIN (3), else the provisioned build. Throws when missing. */
export function helmBinary(major?: 4 | 3): string;
/** Where provision puts helm of a major version. */
export function helmBinaryPath(major: 4 | 3): string;
/** HELM_BIN for 4, HELM3_BIN for 3. */
export function helmEnvVariable(major: 4 | 3): 'HELM_BIN' | 'HELM3_BIN';
