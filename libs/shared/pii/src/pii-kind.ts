/**
 * The kinds of personal and sensitive data the detector knows, in the order used everywhere a list is shown
 * (warnings, audit summaries, documentation). Labels are what a user or an auditor reads; values never leave
 * through them.
 */
export const PII_KINDS = [
  'my_number',
  'corporate_number',
  'credit_card',
  'bank_account',
  'phone',
  'email',
  'postal_code',
  'address',
  'birth_date',
] as const;

export type PiiKind = (typeof PII_KINDS)[number];

/**
 * What `detectPii` looks for when the caller does not choose. A 法人番号 is published by the National Tax Agency
 * and identifies a company, not a person, so warning about it would only teach users to ignore warnings; callers
 * that want it (an organisation that treats client companies as confidential) ask for it by name.
 */
export const DEFAULT_PII_KINDS: readonly PiiKind[] = PII_KINDS.filter((kind) => kind !== 'corporate_number');

/** One piece of personal data found in a text. Offsets are UTF-16 code units into the text given to `detectPii`. */
export interface PiiFinding {
  kind: PiiKind;
  /** First code unit of the finding. */
  start: number;
  /** One past the last code unit, so `text.slice(start, end) === value`. */
  end: number;
  /** The text as the user wrote it (full-width digits and all), not the normalised form used for matching. */
  value: string;
}

export const PII_LABELS_JA: Readonly<Record<PiiKind, string>> = {
  my_number: 'マイナンバー',
  corporate_number: '法人番号',
  credit_card: 'クレジットカード番号',
  bank_account: '口座番号',
  phone: '電話番号',
  email: 'メールアドレス',
  postal_code: '郵便番号',
  address: '住所',
  birth_date: '生年月日',
};

export const PII_LABELS_EN: Readonly<Record<PiiKind, string>> = {
  my_number: 'My Number',
  corporate_number: 'Corporate Number',
  credit_card: 'Credit card number',
  bank_account: 'Bank account number',
  phone: 'Phone number',
  email: 'Email address',
  postal_code: 'Postal code',
  address: 'Address',
  birth_date: 'Date of birth',
};

export const PII_LABELS: Readonly<Record<'ja' | 'en', Readonly<Record<PiiKind, string>>>> = { ja: PII_LABELS_JA, en: PII_LABELS_EN };

export function isPiiKind(value: unknown): value is PiiKind {
  return typeof value === 'string' && (PII_KINDS as readonly string[]).includes(value);
}
