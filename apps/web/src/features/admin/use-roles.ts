import type { Role } from '@gennai/contracts';
import { computed } from 'vue';
import { useAuth } from '../auth/use-auth';

/** The realm roles (as in @gennai/contracts' ROLES, which the web cannot import without the API's validation code). */
export const ALL_ROLES: readonly Role[] = ['user', 'org_admin', 'platform_admin', 'evaluator', 'auditor', 'vendor'];

/** What the signed-in user may administer, from their roles (the API enforces the same rules). */
export function useRoles() {
  const { me } = useAuth();
  const has = (role: Role) => me.value?.roles.includes(role) ?? false;
  return {
    isPlatformAdmin: computed(() => has('platform_admin')),
    isAdmin: computed(() => has('platform_admin') || has('org_admin')),
    /** Auditors read the governance pages of 管理 (use cases, CAIO view, legal holds) but administer nothing. */
    isAuditor: computed(() => has('auditor')),
    /** Evaluators review task categories (管理 → タスク分類) and read the evaluation pages. */
    isEvaluator: computed(() => has('evaluator')),
  };
}
