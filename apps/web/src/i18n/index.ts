import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from '@gennai/contracts';
import { createI18n } from 'vue-i18n';
import { en } from './en';
import { ja, type MessageSchema } from './ja';

const STORAGE_KEY = 'gennai.locale';

export function isLocale(value: unknown): value is Locale {
  return (SUPPORTED_LOCALES as readonly unknown[]).includes(value);
}

/** The language chosen earlier on this browser, else Japanese. */
function storedLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { ja, en },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/** Switches the UI language, remembers it on this browser and tells assistive technology via `<html lang>`. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage may be disabled (private mode); the choice then lasts for this page only.
  }
  syncDocumentLanguage();
}

export function syncDocumentLanguage(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = currentLocale();
}

/** Translates outside components (stores, the API client). */
export function translate(key: string, params: Record<string, unknown> = {}): string {
  return i18n.global.t(key, params);
}

export { SUPPORTED_LOCALES, type Locale };
