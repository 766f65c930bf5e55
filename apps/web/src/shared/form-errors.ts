import { FIELD_MESSAGES, type FieldMessageKind, formatMessage } from '@gennai/contracts';
import { computed, ref } from 'vue';
import { currentLocale } from '../i18n';
import { ApiError } from './api-client';

/** What is wrong with each field, by the API's field path (`displayName`, `deployments.0.upstreamModel`). */
export type FieldErrors = Record<string, string>;

/**
 * The field errors of a failed save, from `ApiErrorView.details`. The API words each one as `field: message`;
 * next to the field only the message is shown.
 */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || !error.details) return {};
  const errors: FieldErrors = {};
  for (const { field, message } of error.details) {
    const text = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
    errors[field] = errors[field] ? `${errors[field]} ${text}` : text;
  }
  return errors;
}

/** A field message worded exactly as the API words it (the same catalogue, in the UI's language). */
export function fieldMessage(kind: FieldMessageKind, params: Record<string, string | number> = {}): string {
  return formatMessage(FIELD_MESSAGES[kind][currentLocale()], params);
}

/**
 * The error state of one form: mistakes found before sending (checked here, so nothing is sent) and the API's
 * answer when it refuses the save. `fields` merges both for display next to each field.
 */
export function useFormErrors() {
  const failure = ref<unknown>(null);
  const found = ref<FieldErrors>({});
  const fields = computed<FieldErrors>(() => ({ ...fieldErrorsOf(failure.value), ...found.value }));
  return {
    /** The API's error (or a network failure), for the summary. */
    failure,
    fields,
    /** Clears both before a new attempt. */
    reset() {
      failure.value = null;
      found.value = {};
    },
    /** Records mistakes found before sending; true when there are none. */
    check(errors: FieldErrors): boolean {
      found.value = errors;
      return Object.keys(errors).length === 0;
    },
    fail(error: unknown) {
      failure.value = error;
    },
  };
}
export type FormErrors = ReturnType<typeof useFormErrors>;

/**
 * A form's save: `saving` is true while it runs (the submit button is disabled), and a refusal or network failure goes
 * to the form's errors and moves focus to the error summary, so every form reports a failed save the same way.
 */
export function useSave(errors: FormErrors, summary: () => { show(): unknown } | null | undefined) {
  const saving = ref(false);
  async function save(send: () => Promise<unknown>): Promise<void> {
    saving.value = true;
    try {
      await send();
    } catch (error) {
      errors.fail(error);
      await summary()?.show();
    } finally {
      saving.value = false;
    }
  }
  return { saving, save };
}
