// Keycloak unreachable (issue #4, faults): tokens already issued keep working until they expire, because the API
// verifies them locally against the JWKS it cached; nothing else in the API depends on Keycloak being up.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MeView } from '@gennai/contracts';
import { startTestApi, type TestApi } from './support/api-harness';
import { TEST_USERS, type TestUserName } from './support/test-users';

/** A TCP relay to the test Keycloak that can be cut, as a network outage would. */
async function startRelay(target: URL): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket)).on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A token issued through the relay (its issuer is the relay's URL, which the API is configured with). */
async function tokenThrough(url: string, user: TestUserName): Promise<string> {
  const { username, password } = TEST_USERS[user];
  const response = await fetch(`${url}/realms/gennai/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'gennai-test', username, password, scope: 'openid' }),
  });
  const body = (await response.json()) as { access_token: string };
  expect(response.status).toBe(200);
  return body.access_token;
}

describe('when Keycloak becomes unreachable', () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let api: TestApi;

  beforeAll(async () => {
    relay = await startRelay(new URL(inject('keycloakUrl')));
    api = await startTestApi({ KEYCLOAK_URL: relay.url });
  });
  afterAll(async () => {
    await api?.close();
    await relay?.close();
  });

  const me = (token: string) => fetch(`${api.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });

  it('keeps accepting tokens issued before the outage, and the rest of the API keeps working', async () => {
    const alice = await tokenThrough(relay.url, 'alice');
    const bob = await tokenThrough(relay.url, 'bob');
    expect((await me(alice)).status).toBe(200); // the API fetches the realm's keys once, here

    relay.cut();
    await expect(fetch(`${relay.url}/realms/gennai`)).rejects.toThrow(); // new sign-ins cannot reach Keycloak

    const again = await me(alice);
    expect(again.status).toBe(200);
    expect(((await again.json()) as MeView).username).toBe('alice');
    // A user whose first request comes during the outage: the cached keys verify their token too.
    const first = await me(bob);
    expect(first.status).toBe(200);
    expect(((await first.json()) as MeView).organization.slug).toBe('yokosuka-city');
    const conversation = await fetch(`${api.url}/api/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ modelId: 'echo' }),
    });
    expect(conversation.status).toBe(201);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
  });
});
