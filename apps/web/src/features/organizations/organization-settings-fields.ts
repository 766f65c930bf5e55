import { INFORMATION_CLASSES, type OrganizationSettingsView } from '@gennai/contracts';

/**
 * The settings form, one entry per organisation setting. A setting appears only when the API returns it (`key in
 * settings`), so a column another feature adds shows up here once it is part of OrganizationSettingsView; adding a
 * setting to the form is one entry below and its label (and hint) under `organizations.settings` in the catalogues.
 * Model availability (`disabledModelIds`) is its own list of switches, fed by GET …/models.
 */
export type OrganizationSettingField =
  | { key: string; control: 'choice'; choices: readonly { value: string | number; label: string; params?: Record<string, unknown> }[] }
  | { key: string; control: 'switch' }
  /** A whole number of days; empty means no limit (null). */
  | { key: string; control: 'days' };

export const ORGANIZATION_SETTING_FIELDS: readonly OrganizationSettingField[] = [
  {
    key: 'defaultInformationClass',
    control: 'choice',
    choices: INFORMATION_CLASSES.map((n) => ({ value: n, label: 'infoClass.option', params: { n } })),
  },
  { key: 'auditKeepsMessageText', control: 'switch' },
  {
    key: 'piiPolicy',
    control: 'choice',
    choices: [
      { value: 'warn', label: 'organizations.settings.piiPolicyWarn' },
      { value: 'mask', label: 'organizations.settings.piiPolicyMask' },
      { value: 'block', label: 'organizations.settings.piiPolicyBlock' },
    ],
  },
  { key: 'confidentialClassEnabled', control: 'switch' },
  { key: 'conversationRetentionDays', control: 'days' },
  { key: 'auditRetentionDays', control: 'days' },
  {
    key: 'vendorFeedbackSharing',
    control: 'choice',
    choices: [
      { value: 'none', label: 'organizations.settings.vendorFeedbackSharingNone' },
      { value: 'ratings_only', label: 'organizations.settings.vendorFeedbackSharingRatingsOnly' },
      { value: 'with_text', label: 'organizations.settings.vendorFeedbackSharingWithText' },
    ],
  },
];

/** A setting's value as the form holds it (a days field holds its text while it is being typed). */
export type SettingValue = string | number | boolean | null;
export type SettingValues = Record<string, SettingValue>;

/** The fields the API answered for this organisation, in the form's order. */
export function presentSettingFields(settings: OrganizationSettingsView): OrganizationSettingField[] {
  return ORGANIZATION_SETTING_FIELDS.filter((field) => field.key in settings);
}

/** The form's starting values: the organisation's current settings, days as text. */
export function settingFormValues(settings: OrganizationSettingsView): SettingValues {
  const current = settings as unknown as Record<string, SettingValue>;
  const values: SettingValues = {};
  for (const field of presentSettingFields(settings)) {
    const value = current[field.key] ?? null;
    values[field.key] = field.control === 'days' ? (value === null ? '' : String(value)) : value;
  }
  return values;
}

/**
 * What PATCH sends: each field as the API types it. A days field that is not a whole number is sent as typed, so
 * the API's answer names it next to the field, worded as for every other form.
 */
export function settingsBody(fields: readonly OrganizationSettingField[], values: SettingValues): Record<string, SettingValue> {
  const body: Record<string, SettingValue> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.control !== 'days') body[field.key] = value;
    else {
      const text = String(value ?? '').trim();
      body[field.key] = text === '' ? null : /^\d+$/.test(text) ? Number(text) : text;
    }
  }
  return body;
}
