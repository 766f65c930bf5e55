import type { PiiKind } from '@gennai/pii';
import { z } from 'zod';

/**
 * What an organisation does when a message about to leave Gennai contains personal data (docs/operator/pii-guard.md):
 * `warn` asks the user to confirm and then sends it as typed, `mask` sends it with each finding replaced by a labelled
 * placeholder (［電話番号］), `block` refuses to send it.
 */
export const PII_POLICIES = ['warn', 'mask', 'block'] as const;
export type PiiPolicy = (typeof PII_POLICIES)[number];

/**
 * The organisation settings of the PII guard as the chat and /v1 read them: the policy, and whether conversations of
 * 機密性3 are allowed at all. Administrators change them through `organizationSettingsFields` (organizations.ts).
 */
export const piiSettingsFields = {
  piiPolicy: z.enum(PII_POLICIES),
  /** 機密性3 (confidential) information may be entered; off by default, so a conversation of class 3 is refused. */
  confidentialClassEnabled: z.boolean(),
};
export const piiSettingsSchema = z.strictObject(piiSettingsFields);
export type PiiSettingsView = z.output<typeof piiSettingsSchema>;

/** How the guard let a user's message through; null when nothing was found. */
export type PiiHandling = 'masked' | 'confirmed';

/** One piece of personal data the guard found. Never the value itself: a preview with most characters hidden. */
export interface PiiFindingView {
  kind: PiiKind;
  /** /v1/chat/completions only: the index in `messages` of the message it is in. */
  message?: number;
  /** UTF-16 offsets into that message's text as sent, so the client can point at it (`text.slice(start, end)`). */
  start: number;
  end: number;
  /** The value with most of it hidden (`090-••••-5678`, `t•••@example.go.jp`), enough to recognise which one it is. */
  preview: string;
}

/** What the guard found, in the body of a `pii_confirmation_required` or `pii_blocked` error. */
export interface PiiFindingsView {
  findings: PiiFindingView[];
  /** How many of each kind, in PII_KINDS order. */
  counts: Partial<Record<PiiKind, number>>;
}

/**
 * POST /api/conversations/:id/messages/:messageId/retry (optional body). `confirmPii: true`, as on a send: the user
 * has seen the PII warning and sends the message as typed.
 */
export const retryMessageSchema = z.strictObject({ confirmPii: z.boolean().optional() });
export type RetryMessageRequest = z.infer<typeof retryMessageSchema>;
