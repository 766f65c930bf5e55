import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditDetailValue, InformationClass, Locale, PiiFindingsView, PiiHandling, PiiSettingsView } from '@gennai/contracts';
import { detectPii, maskPii, summarisePii, type PiiFinding } from '@gennai/pii';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AuditLog, type AuditEvent } from '../audit/audit-log.service';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { LOGGER } from '../logging/logger';
import { Organization } from '../organizations/organization.entity';
import { PiiGuardException } from './pii-guard.exception';
import { piiPreview } from './pii-preview';

/** Text that is about to leave Gennai for a model, and what the audit entries about it should say. */
export interface OutgoingText {
  caller: Caller;
  settings: PiiSettingsView;
  /** What the caller wrote, in request order: one message in the chat, every message of a /v1 request. */
  texts: readonly string[];
  /** The user saw the warning and sends as typed (`confirmPii`, `X-Gennai-PII-Confirm`). Counts under `warn` only. */
  confirmed: boolean;
  /** Language of the placeholders when masking (［電話番号］ or [Phone number]). */
  locale: Locale;
  /** Name each finding's message by its index (/v1, where one request carries many messages). */
  numbered?: boolean;
  audit: {
    target: { type: string; id: string };
    /** In every pii.* entry: where the text was going (app, model, information class, retry). */
    details: { [key: string]: AuditDetailValue };
    /** Only in pii.overridden and pii.masked, which are recorded with the message they let through (its id). */
    sentDetails?: { [key: string]: AuditDetailValue };
  };
}

/** What may leave: the texts to send upstream, how the guard let them through, and the entry that says so. */
export interface ScreenedText {
  /** As given, or masked under the `mask` policy. */
  texts: string[];
  handling: PiiHandling | null;
  /** `pii.overridden` or `pii.masked`: record it with the send itself (same transaction); null when nothing was found. */
  event: AuditEvent | null;
}

/**
 * The PII guard: every message a user or a program sends to a model passes `screen()` first, and the organisation's
 * policy decides (docs/operator/pii-guard.md). The detector is @gennai/pii; the audit log gets kinds and counts only,
 * never a value. Also the 機密性3 gate, which belongs to the same organisation settings.
 */
@Injectable()
export class PiiGuard {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Read on every send, not cached: an administrator who switches to `block` expects the next message to be
   * blocked on every replica. It is one primary-key lookup.
   */
  async settingsOf(organizationId: string): Promise<PiiSettingsView> {
    const organization = await this.dataSource.getRepository(Organization).findOneOrFail({
      where: { id: organizationId },
      select: { id: true, piiPolicy: true, confidentialClassEnabled: true },
    });
    return { piiPolicy: organization.piiPolicy, confidentialClassEnabled: organization.confidentialClassEnabled };
  }

  /** 機密性3 only where the organisation has enabled it (each model's own ceiling is checked by the gateway). */
  assertClassAllowed(settings: PiiSettingsView, informationClass: InformationClass): void {
    if (informationClass === 3 && !settings.confidentialClassEnabled) throw new ApiException(422, 'confidential_class_disabled');
  }

  /**
   * Applies the policy to text about to leave Gennai. Refusals (warn unconfirmed, block) are recorded here and thrown
   * as 422 with the findings; what is let through comes back with the entry to record alongside the send.
   */
  async screen(outgoing: OutgoingText): Promise<ScreenedText> {
    const found = outgoing.texts.map((text) => detectPii(text));
    const all = found.flat();
    if (all.length === 0) return { texts: [...outgoing.texts], handling: null, event: null };

    const { piiPolicy } = outgoing.settings;
    if (piiPolicy === 'block' || (piiPolicy === 'warn' && !outgoing.confirmed)) {
      await this.recordRefusal(piiEvent(piiPolicy === 'block' ? 'pii.blocked' : 'pii.warned', outgoing, all));
      throw new PiiGuardException(piiPolicy === 'block' ? 'pii_blocked' : 'pii_confirmation_required', findingsView(found, outgoing.numbered === true));
    }
    if (piiPolicy === 'mask') {
      return {
        texts: outgoing.texts.map((text, index) => maskPii(text, found[index], outgoing.locale)),
        handling: 'masked',
        event: piiEvent('pii.masked', outgoing, all, true),
      };
    }
    return { texts: [...outgoing.texts], handling: 'confirmed', event: piiEvent('pii.overridden', outgoing, all, true) };
  }

  /** A stored message as the model received it when the guard masked it: sent the same way again as history. */
  masked(text: string, locale: Locale): string {
    return maskPii(text, detectPii(text), locale);
  }

  /** A refusal that could not be recorded is still a refusal: nothing is sent either way, so the 422 stands. */
  private async recordRefusal(event: AuditEvent): Promise<void> {
    try {
      await this.audit.record(event);
    } catch (error) {
      this.logger.error({ err: error, action: event.action }, 'PII refusal not recorded in the audit log');
    }
  }
}

function piiEvent(action: AuditEvent['action'], outgoing: OutgoingText, findings: readonly PiiFinding[], sent = false): AuditEvent {
  const { total, counts } = summarisePii(findings);
  const tally: { [kind: string]: number } = {};
  for (const [kind, count] of Object.entries(counts)) tally[kind] = count;
  return {
    action,
    actor: outgoing.caller,
    target: outgoing.audit.target,
    details: { ...outgoing.audit.details, ...(sent && outgoing.audit.sentDetails), policy: outgoing.settings.piiPolicy, total, counts: tally },
  };
}

function findingsView(found: readonly PiiFinding[][], numbered: boolean): PiiFindingsView {
  const findings = found.flatMap((inText, message) =>
    inText.map((finding) => ({ kind: finding.kind, ...(numbered && { message }), start: finding.start, end: finding.end, preview: piiPreview(finding) })),
  );
  return { findings, counts: summarisePii(found.flat()).counts };
}
