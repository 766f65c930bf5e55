import type { ApiErrorView, Locale, PiiFindingsView } from '@gennai/contracts';
import { PII_LABELS, type PiiKind } from '@gennai/pii';
import { ApiException } from '../http/api.exception';

/**
 * The guard's refusal: 422 `pii_confirmation_required` (warn — send again confirmed) or `pii_blocked` (block). The
 * message names the kinds found; the body lists each finding by kind, offsets and a preview, never its value, so
 * neither the response nor a log line of it repeats the personal data.
 */
export class PiiGuardException extends ApiException {
  constructor(
    code: 'pii_confirmation_required' | 'pii_blocked',
    private readonly found: PiiFindingsView,
  ) {
    super(422, code, { kinds: kindList(Object.keys(found.counts) as PiiKind[]) });
  }

  override bodyExtras(): Pick<ApiErrorView, 'pii'> {
    return { pii: this.found };
  }
}

function kindList(kinds: readonly PiiKind[]): Record<Locale, string> {
  return {
    ja: kinds.map((kind) => PII_LABELS.ja[kind]).join('、'),
    en: kinds.map((kind) => PII_LABELS.en[kind]).join(', '),
  };
}
