import type { CredentialInput, QuotaRuleInput } from '@gennai/contracts';
import { type FieldErrors, fieldMessage } from '../../shared/form-errors';

/*
 * Checks made before a form is sent, worded like the API's own field messages. They mirror the zod schemas of
 * @gennai/contracts (gateway.ts), which stay out of the web bundle; admin-validation.spec.ts runs both on the same
 * input so they cannot drift apart. The API checks everything again.
 */

/** catalogIdSchema: lower-case letters, digits, `.`, `_`, `-`; at most 64. */
export const CATALOG_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** credentialInputSchema (`env`): an environment variable name. */
export const ENV_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

const blank = (text: string) => text.trim() === '';
const isHttpUrl = (text: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
};

/** A number typed into a form: '' is "not given". */
export function optionalNumber(value: unknown): number | null {
  return value === '' || value === null || value === undefined ? null : Number(value);
}

function checkWholeNumber(errors: FieldErrors, field: string, value: unknown, min: number, max: number, required = true) {
  const number = optionalNumber(value);
  if (number === null) {
    if (required) errors[field] = fieldMessage('required');
  } else if (!Number.isInteger(number) || number < min || number > max) {
    errors[field] = fieldMessage('out_of_range');
  }
}

export interface ProviderFormInput {
  id: string;
  displayName: string;
  baseUrl: string;
  credential: CredentialInput | undefined;
}

export function validateProvider(input: ProviderFormInput, options: { creating: boolean; requiresBaseUrl: boolean }): FieldErrors {
  const errors: FieldErrors = {};
  if (options.creating) {
    if (blank(input.id)) errors.id = fieldMessage('required');
    else if (!CATALOG_ID_PATTERN.test(input.id)) errors.id = fieldMessage('invalid_format');
  }
  if (blank(input.displayName)) errors.displayName = fieldMessage('required');
  else if (input.displayName.trim().length > 200) errors.displayName = fieldMessage('too_long', { max: 200 });
  if (blank(input.baseUrl)) {
    if (options.requiresBaseUrl) errors.baseUrl = fieldMessage('required');
  } else if (!isHttpUrl(input.baseUrl)) errors.baseUrl = fieldMessage('invalid_format');
  const credential = input.credential;
  if (credential?.kind === 'value' && credential.value === '') errors['credential.value'] = fieldMessage('required');
  if (credential?.kind === 'env' && !ENV_NAME_PATTERN.test(credential.name)) errors['credential.name'] = fieldMessage(credential.name ? 'invalid_format' : 'required');
  if (credential?.kind === 'file' && !credential.path.startsWith('/')) errors['credential.path'] = fieldMessage(credential.path ? 'invalid_format' : 'required');
  return errors;
}

export interface DeploymentFormInput {
  providerId: string;
  upstreamModel: string;
  weight: number | string;
  enabled: boolean;
  connectMs: number | string;
  firstTokenMs: number | string;
  totalMs: number | string;
}

export interface ModelFormInput {
  id: string;
  displayName: string;
  vendor: string;
  contextLength: number | string;
  maxOutputTokens: number | string;
  inputPricePerMTok: number | string;
  outputPricePerMTok: number | string;
  fallbackModelIds: string[];
  deployments: DeploymentFormInput[];
}

export function validateModel(input: ModelFormInput, options: { creating: boolean }): FieldErrors {
  const errors: FieldErrors = {};
  if (options.creating) {
    if (blank(input.id)) errors.id = fieldMessage('required');
    else if (!CATALOG_ID_PATTERN.test(input.id)) errors.id = fieldMessage('invalid_format');
  }
  for (const field of ['displayName', 'vendor'] as const) {
    if (blank(input[field])) errors[field] = fieldMessage('required');
    else if (input[field].trim().length > 200) errors[field] = fieldMessage('too_long', { max: 200 });
  }
  checkWholeNumber(errors, 'contextLength', input.contextLength, 256, 10_000_000);
  checkWholeNumber(errors, 'maxOutputTokens', input.maxOutputTokens, 1, 1_000_000);
  for (const field of ['inputPricePerMTok', 'outputPricePerMTok'] as const) {
    const price = optionalNumber(input[field]);
    if (price !== null && (!Number.isFinite(price) || price < 0 || price > 1_000_000)) errors[field] = fieldMessage('out_of_range');
  }
  if (input.fallbackModelIds.length > 5) errors.fallbackModelIds = fieldMessage('out_of_range');
  if (!options.creating || input.id) {
    if (input.fallbackModelIds.includes(input.id)) errors.fallbackModelIds = fieldMessage('self_reference');
  }
  input.deployments.forEach((deployment, index) => {
    const at = `deployments.${index}`;
    if (!deployment.providerId) errors[`${at}.providerId`] = fieldMessage('required');
    if (blank(deployment.upstreamModel)) errors[`${at}.upstreamModel`] = fieldMessage('required');
    checkWholeNumber(errors, `${at}.weight`, deployment.weight, 0, 1000);
    checkWholeNumber(errors, `${at}.timeouts.connectMs`, deployment.connectMs, 100, 600_000, false);
    checkWholeNumber(errors, `${at}.timeouts.firstTokenMs`, deployment.firstTokenMs, 100, 600_000, false);
    checkWholeNumber(errors, `${at}.timeouts.totalMs`, deployment.totalMs, 1000, 3_600_000, false);
  });
  return errors;
}

export interface QuotaFormInput {
  maxRequests: number | string | null;
  maxTokens: number | string | null;
}

/** quotaRuleInputSchema: whole numbers ≥ 0, and at least one of the two limits. */
export function validateQuota(input: QuotaFormInput): FieldErrors {
  const errors: FieldErrors = {};
  checkWholeNumber(errors, 'maxRequests', input.maxRequests, 0, 1_000_000_000, false);
  checkWholeNumber(errors, 'maxTokens', input.maxTokens, 0, 1_000_000_000_000, false);
  if (optionalNumber(input.maxRequests) === null && optionalNumber(input.maxTokens) === null) errors.maxRequests = fieldMessage('required');
  return errors;
}

/** The body of PUT /api/admin/quotas from the form. */
export function quotaBody(rule: QuotaFormInput & Omit<QuotaRuleInput, 'maxRequests' | 'maxTokens'>): QuotaRuleInput {
  return { scope: rule.scope, organizationId: rule.organizationId, period: rule.period, maxRequests: optionalNumber(rule.maxRequests), maxTokens: optionalNumber(rule.maxTokens) };
}
