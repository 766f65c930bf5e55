import type { Locale, QuotaPeriod, QuotaScope } from '@gennai/contracts';
import { ApiException } from '../http/api.exception';

/** Which allowance ran out. */
export interface ExhaustedLimit {
  scope: QuotaScope;
  period: QuotaPeriod;
  measure: 'requests' | 'tokens';
  max: number;
  resetsAt: Date;
}

const PERIOD = { day: { ja: '1日', en: 'day' }, month: { ja: '1か月', en: 'month' } } as const;

/** The limit as users read it: 「1日あたり100回」 / "100 requests per day", 「組織全体で…」 for an organisation's total. */
export function describeLimit(limit: Pick<ExhaustedLimit, 'scope' | 'period' | 'measure' | 'max'>): Record<Locale, string> {
  const ja = `${PERIOD[limit.period].ja}あたり${limit.max.toLocaleString('ja-JP')}${limit.measure === 'requests' ? '回' : 'トークン'}`;
  const unit = limit.measure === 'requests' ? (limit.max === 1 ? 'request' : 'requests') : limit.max === 1 ? 'token' : 'tokens';
  const en = `${limit.max.toLocaleString('en-GB')} ${unit} per ${PERIOD[limit.period].en}`;
  return limit.scope === 'organization' ? { ja: `組織全体で${ja}`, en: `${en} for the whole organisation` } : { ja, en };
}

/** Formats reset times in the quota time zone, e.g. 「2026年12月1日 0:00 JST」 / "1 December 2026 at 00:00 GMT+9". */
export class ResetTimeFormat {
  private readonly formats: Record<Locale, Intl.DateTimeFormat>;

  constructor(timeZone: string) {
    const options: Intl.DateTimeFormatOptions = { timeZone, year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };
    this.formats = {
      ja: new Intl.DateTimeFormat('ja-JP', options),
      en: new Intl.DateTimeFormat('en-GB', { ...options, hour: '2-digit' }),
    };
  }

  format(instant: Date): Record<Locale, string> {
    return { ja: this.formats.ja.format(instant), en: this.formats.en.format(instant) };
  }
}

/** 429 quota_exceeded naming the limit and when it resets, with Retry-After in seconds. */
export function quotaExceeded(limit: ExhaustedLimit, now: number, resetTimes: ResetTimeFormat): ApiException {
  const seconds = Math.max(1, Math.ceil((limit.resetsAt.getTime() - now) / 1000));
  return new ApiException(
    429,
    'quota_exceeded',
    { limit: describeLimit(limit), resetsAt: resetTimes.format(limit.resetsAt) },
    undefined,
    { 'Retry-After': String(seconds) },
  );
}
