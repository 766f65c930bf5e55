import { inject } from 'vitest';
import { TEST_USERS, type TestUserName } from './test-users';

/** A real access token from the test Keycloak (password grant of the test-only client `gennai-test`). */
export async function tokenFor(user: TestUserName): Promise<string> {
  const { username, password } = TEST_USERS[user];
  const response = await fetch(`${inject('keycloakUrl')}/realms/gennai/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'gennai-test', username, password, scope: 'openid' }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(`could not sign in ${username}: ${body.error_description ?? response.status}`);
  return body.access_token;
}
