import type { AuthConfigView } from '@gennai/contracts';
import Keycloak from 'keycloak-js';
import { currentLocale, translate } from '../../i18n';
import { ApiError } from '../../shared/api-client';

/** The browser's sign-in session with the identity provider (Keycloak or the development provider). */
export interface AuthSession {
  readonly authenticated: boolean;
  /** An access token valid for at least 30 more seconds, refreshed when needed; null when signed out. */
  accessToken(): Promise<string | null>;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
}

/**
 * Starts keycloak-js with the public client (authorization code + PKCE S256). `check-sso` looks for
 * an existing sign-in with a full-page `prompt=none` redirect, so no iframe or extra page is needed.
 * Must run before the router reads the URL: it strips the sign-in callback from the fragment.
 */
export async function startKeycloakSession(config: AuthConfigView, onExpired: () => void): Promise<AuthSession> {
  const keycloak = new Keycloak({ url: config.url, realm: config.realm, clientId: config.clientId });
  const authenticated = await keycloak.init({
    onLoad: 'check-sso',
    pkceMethod: 'S256',
    checkLoginIframe: false,
    responseMode: 'fragment',
  });
  return {
    authenticated,
    async accessToken() {
      if (!keycloak.authenticated) return null;
      try {
        await keycloak.updateToken(30);
      } catch {
        keycloak.clearToken();
        onExpired();
        throw new ApiError(translate('auth.sessionExpired'), 401, 'unauthenticated');
      }
      return keycloak.token ?? null;
    },
    signIn: () => keycloak.login({ locale: currentLocale() }),
    signOut: () => keycloak.logout({ redirectUri: `${location.origin}/` }),
  };
}
