import type { NewTestUser } from '../../../../tools/testing/keycloak.mjs';

/** Users created in the test Keycloak for the API's integration tests (two organisations). */
export const TEST_USERS = {
  alice: {
    username: 'alice',
    password: 'alice-Passw0rd!',
    firstName: 'Alice',
    lastName: 'Sato',
    email: 'alice@digital.example.go.jp',
    organization: 'digital-agency',
    organizationName: 'デジタル庁',
    roles: ['user'],
  },
  bob: {
    username: 'bob',
    password: 'bob-Passw0rd!',
    firstName: 'Bob',
    lastName: 'Suzuki',
    email: 'bob@city.example.lg.jp',
    organization: 'yokosuka-city',
    organizationName: '横須賀市',
    roles: ['user'],
  },
} satisfies Record<string, NewTestUser>;

export type TestUserName = keyof typeof TEST_USERS;
