import type { TestProject } from 'vitest/node';
import { startKeycloak } from '../../../tools/testing/keycloak.mjs';
import { startOpenAiTestServer } from '../../../tools/testing/openai-test-server.mjs';
import { providePostgres } from '../../../tools/testing/postgres.mjs';
import { TEST_USERS } from './support/test-users';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    keycloakUrl: string;
    llmBaseUrl: string;
  }
}

/**
 * Real parts for the API's integration tests, started once: PostgreSQL, Keycloak with the shipped
 * realm and test users, and the OpenAI-compatible test server. Each test file makes its own database.
 */
export default async function setup(project: TestProject) {
  const postgres = await providePostgres();
  const keycloak = await startKeycloak();
  const llm = await startOpenAiTestServer();
  try {
    await keycloak.admin.ensureTestClient();
    for (const user of Object.values(TEST_USERS)) await keycloak.admin.createUser(user);
  } catch (error) {
    await Promise.allSettled([llm.close(), keycloak.stop(), postgres.stop()]);
    throw error;
  }
  project.provide('postgresAdminUrl', postgres.adminUrl);
  project.provide('keycloakUrl', keycloak.url);
  project.provide('llmBaseUrl', llm.baseUrl);
  return async () => {
    await Promise.allSettled([llm.close(), keycloak.stop(), postgres.stop()]);
  };
}
