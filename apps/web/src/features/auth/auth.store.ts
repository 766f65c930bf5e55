import type { AuthConfigView, MeView } from '@gennai/contracts';
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import { ApiError, api, configureApiClient } from '../../shared/api-client';
import { startKeycloakSession, type AuthSession } from './keycloak-session';

export type AuthStatus = 'starting' | 'signed-out' | 'signed-in' | 'failed';

/** Who is signed in, and how sign-in works on this installation. */
export const useAuthStore = defineStore('auth', () => {
  const status = ref<AuthStatus>('starting');
  const config = ref<AuthConfigView | null>(null);
  const me = ref<MeView | null>(null);
  /** Why sign-in could not start (the API's message when it gave one). */
  const error = ref<string | null>(null);
  /** Which step of start() failed: reaching the API, the identity provider (Keycloak), or loading the profile. */
  const failedStep = ref<'config' | 'identity' | 'profile' | null>(null);
  const session = shallowRef<AuthSession | null>(null);

  function signedOut() {
    me.value = null;
    status.value = 'signed-out';
  }

  /** Reads the identity settings, resumes an existing sign-in and loads the user. Call once at boot. */
  async function start(startSession: typeof startKeycloakSession = startKeycloakSession) {
    status.value = 'starting';
    error.value = null;
    failedStep.value = 'config';
    try {
      config.value = await api.get<AuthConfigView>('/api/auth/config');
      failedStep.value = 'identity';
      const started = markRaw(await startSession(config.value, signedOut));
      failedStep.value = 'profile';
      session.value = started;
      configureApiClient({ accessToken: () => started.accessToken() });
      if (!started.authenticated) return signedOut();
      me.value = await api.get<MeView>('/api/me');
      failedStep.value = null;
      status.value = 'signed-in';
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : null;
      status.value = 'failed';
    }
  }

  async function signIn() {
    await session.value?.signIn();
  }

  async function signOut() {
    await session.value?.signOut();
  }

  return { status, config, me, error, failedStep, start, signIn, signOut };
});
