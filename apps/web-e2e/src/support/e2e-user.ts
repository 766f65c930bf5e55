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
