/** The staff member who walks through the journeys (created in the test Keycloak). */
export const E2E_USER = {
  username: 'yamada',
  password: 'yamada-Passw0rd!',
  firstName: '太郎',
  lastName: '山田',
  email: 'yamada@city.example.lg.jp',
  organization: 'yokosuka-city',
  organizationName: '横須賀市',
  roles: ['user'],
};

/** A platform administrator of the same organisation: manages the catalogue, quotas and usage. */
export const E2E_ADMIN = {
  username: 'sato',
  password: 'sato-Passw0rd!',
  firstName: '花子',
  lastName: '佐藤',
  email: 'sato@city.example.lg.jp',
  organization: 'yokosuka-city',
  organizationName: '横須賀市',
  roles: ['user', 'platform_admin'],
};

/**
 * The organisation-administration journey's people: 葉山町's administrator and a member of one of its units, and a
 * member of another organisation (逗子市) whose data the administrator must never see. `orgUnit` is the directory's
 * unit path, so Gennai creates the units at their first sign-in.
 */
export const E2E_HAYAMA_ADMIN = {
  username: 'kobayashi',
  password: 'kobayashi-Passw0rd!',
  firstName: '直子',
  lastName: '小林',
  email: 'kobayashi@town.hayama.example.lg.jp',
  organization: 'hayama-town',
  organizationName: '葉山町',
  orgUnit: '総務部/総務課',
  roles: ['user', 'org_admin'],
};

export const E2E_HAYAMA_MEMBER = {
  username: 'suzuki',
  password: 'suzuki-Passw0rd!',
  firstName: '一郎',
  lastName: '鈴木',
  email: 'suzuki@town.hayama.example.lg.jp',
  organization: 'hayama-town',
  organizationName: '葉山町',
  orgUnit: '福祉部/福祉課',
  roles: ['user'],
};

export const E2E_ZUSHI_MEMBER = {
  username: 'takahashi',
  password: 'takahashi-Passw0rd!',
  firstName: '美咲',
  lastName: '高橋',
  email: 'takahashi@city.zushi.example.lg.jp',
  organization: 'zushi-city',
  organizationName: '逗子市',
  orgUnit: '市民部/市民課',
  roles: ['user'],
};

/**
 * The evaluation journey's people, all of 鎌倉市: two staff members who compare answers and answer a survey, and an
 * evaluator who writes the survey, reads the leaderboard and downloads the report.
 */
export const E2E_KAMAKURA_VOTER_1 = {
  username: 'tanaka',
  password: 'tanaka-Passw0rd!',
  firstName: '健',
  lastName: '田中',
  email: 'tanaka@city.kamakura.example.lg.jp',
  organization: 'kamakura-city',
  organizationName: '鎌倉市',
  roles: ['user'],
};

export const E2E_KAMAKURA_VOTER_2 = {
  username: 'ito',
  password: 'ito-Passw0rd!',
  firstName: '陽子',
  lastName: '伊藤',
  email: 'ito@city.kamakura.example.lg.jp',
  organization: 'kamakura-city',
  organizationName: '鎌倉市',
  roles: ['user'],
};

export const E2E_KAMAKURA_EVALUATOR = {
  username: 'watanabe',
  password: 'watanabe-Passw0rd!',
  firstName: '誠',
  lastName: '渡辺',
  email: 'watanabe@city.kamakura.example.lg.jp',
  organization: 'kamakura-city',
  organizationName: '鎌倉市',
  roles: ['user', 'evaluator'],
};

export const E2E_ORGANIZATION_USERS = [E2E_HAYAMA_ADMIN, E2E_HAYAMA_MEMBER, E2E_ZUSHI_MEMBER, E2E_KAMAKURA_VOTER_1, E2E_KAMAKURA_VOTER_2, E2E_KAMAKURA_EVALUATOR];
