import type { LocalizedText, Role } from '@gennai/contracts';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useAuth } from '../auth/use-auth';

/**
 * What the survey pages share: text in the reader's language (Japanese when the English is missing), the answering
 * period as one phrase, and whether the user writes surveys (evaluators and platform_admins) or only reads published
 * results (organisation administrators) — the API decides the same on every call.
 */
export function useSurveyText() {
  const { locale } = useI18n();
  const { me } = useAuth();
  const has = (role: Role) => me.value?.roles.includes(role) ?? false;
  const dateTime = computed(() => new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }));
  return {
    textOf: (value: LocalizedText) => (locale.value === 'en' ? value.en : value.ja) || value.ja,
    period: (opensAt: string, closesAt: string) => `${dateTime.value.format(new Date(opensAt))} – ${dateTime.value.format(new Date(closesAt))}`,
    isAuthor: computed(() => has('evaluator') || has('platform_admin')),
  };
}
