import type { NewTestUser } from '../../../../tools/testing/keycloak.mjs';

/**
 * Users created in the test Keycloak for the API's integration tests: two organisations with a user, an org_admin and
 * an auditor each (the isolation matrix), dave and frank across the platform, and the sign-in cases of the tree.
 */
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
  /** Administers bob's organisation: the other side of the isolation matrix. */
  grace: {
    username: 'grace',
    password: 'grace-Passw0rd!',
    firstName: 'Grace',
    lastName: 'Yamada',
    email: 'grace@city.example.lg.jp',
    organization: 'yokosuka-city',
    organizationName: '横須賀市',
    roles: ['user', 'org_admin'],
  },
  /** Reads bob's organisation's audit log. */
  heidi: {
    username: 'heidi',
    password: 'heidi-Passw0rd!',
    firstName: 'Heidi',
    lastName: 'Kobayashi',
    email: 'heidi@city.example.lg.jp',
    organization: 'yokosuka-city',
    organizationName: '横須賀市',
    roles: ['user', 'auditor'],
  },
  /** The first of 神奈川県's staff to sign in: the organisation and the units of their path are created then. */
  ivan: {
    username: 'ivan',
    password: 'ivan-Passw0rd!',
    firstName: 'Ivan',
    lastName: 'Nakamura',
    email: 'ivan@pref.kanagawa.example.lg.jp',
    organization: 'kanagawa-pref',
    organizationName: '神奈川県',
    orgUnit: '総務局/情報システム課',
    roles: ['user'],
  },
  /** Same organisation and unit path as ivan. */
  judy: {
    username: 'judy',
    password: 'judy-Passw0rd!',
    firstName: 'Judy',
    lastName: 'Ogawa',
    email: 'judy@pref.kanagawa.example.lg.jp',
    organization: 'kanagawa-pref',
    organizationName: '神奈川県',
    orgUnit: '総務局/情報システム課',
    roles: ['user'],
  },
  /** Member of a Keycloak organisation the realm does not let Gennai create (no `gennai.provision`). */
  mallory: {
    username: 'mallory',
    password: 'mallory-Passw0rd!',
    firstName: 'Mallory',
    lastName: 'Hayashi',
    email: 'mallory@pref.chiba.example.lg.jp',
    organization: 'chiba-pref',
    organizationName: '千葉県',
    organizationProvision: false,
    roles: ['user'],
  },
  /** Reads evaluation data (leaderboard, surveys, analytics, report) across organisations; a member of alice's. */
  peggy: {
    username: 'peggy',
    password: 'peggy-Passw0rd!',
    firstName: 'Peggy',
    lastName: 'Kimura',
    email: 'peggy@digital.example.go.jp',
    organization: 'digital-agency',
    organizationName: 'デジタル庁',
    roles: ['user', 'evaluator'],
  },
  /** Staff of a model vendor: downloads feedback about the vendor's own models only. */
  victor: {
    username: 'victor',
    password: 'victor-Passw0rd!',
    firstName: 'Victor',
    lastName: 'Mori',
    email: 'victor@vendor.example.co.jp',
    organization: 'model-vendor',
    organizationName: 'モデルベンダー株式会社',
    roles: ['vendor'],
  },
  /** Belongs to no organisation. */
  oscar: {
    username: 'oscar',
    password: 'oscar-Passw0rd!',
    firstName: 'Oscar',
    lastName: 'Shimizu',
    email: 'oscar@unaffiliated.example.jp',
    roles: ['user'],
  },
} satisfies Record<string, NewTestUser>;

export type TestUserName = keyof typeof TEST_USERS;
