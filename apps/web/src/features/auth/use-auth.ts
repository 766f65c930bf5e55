import { storeToRefs } from 'pinia';
import { computed } from 'vue';
import { useAuthStore } from './auth.store';

/** The signed-in user and the sign-in actions, for components. */
export function useAuth() {
  const store = useAuthStore();
  const { status, me, error, failedStep } = storeToRefs(store);
  return {
    status,
    me,
    error,
    failedStep,
    signedIn: computed(() => status.value === 'signed-in'),
    developmentProvider: computed(() => store.config?.developmentProvider === true),
    signIn: store.signIn,
    signOut: store.signOut,
  };
}
