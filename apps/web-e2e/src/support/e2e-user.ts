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
