import type { NewTestUser } from '../../../../tools/testing/keycloak.mjs';

/** Users created in the test Keycloak for the API's integration tests (two organisations; carol and dave administer). */
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
  /** Administers alice's organisation (quotas, usage). */
  carol: {
    username: 'carol',
    password: 'carol-Passw0rd!',
    firstName: 'Carol',
    lastName: 'Tanaka',
    email: 'carol@digital.example.go.jp',
    organization: 'digital-agency',
    organizationName: 'デジタル庁',
    roles: ['user', 'org_admin'],
  },
  /** Administers the platform (catalogue, every organisation's quotas and usage). */
  dave: {
    username: 'dave',
    password: 'dave-Passw0rd!',
    firstName: 'Dave',
    lastName: 'Kato',
    email: 'dave@digital.example.go.jp',
    organization: 'digital-agency',
    organizationName: 'デジタル庁',
    roles: ['user', 'platform_admin'],
  },
  /** Reads alice's organisation's audit log. */
  erin: {
    username: 'erin',
    password: 'erin-Passw0rd!',
    firstName: 'Erin',
    lastName: 'Ito',
    email: 'erin@digital.example.go.jp',
    organization: 'digital-agency',
    organizationName: 'デジタル庁',
    roles: ['user', 'auditor'],
  },
  /** Reads every organisation's audit log (auditor and platform_admin). */
  frank: {
    username: 'frank',
    password: 'frank-Passw0rd!',
    firstName: 'Frank',
    lastName: 'Mori',
    email: 'frank@digital.example.go.jp',
    organization: 'digital-agency',
    organizationName: 'デジタル庁',
    roles: ['user', 'auditor', 'platform_admin'],
  },
} satisfies Record<string, NewTestUser>;

export type TestUserName = keyof typeof TEST_USERS;
