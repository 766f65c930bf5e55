export { isValidCorporateNumber, isValidMyNumber, myNumberCheckDigit, corporateNumberCheckDigit, passesLuhn } from './check-digits';
export { detectPii, type DetectPiiOptions } from './detect-pii';
export { maskPii, piiPlaceholder, type MaskStyle } from './mask-pii';
export {
  DEFAULT_PII_KINDS,
  PII_KINDS,
  PII_LABELS,
  PII_LABELS_EN,
  PII_LABELS_JA,
  isPiiKind,
  type PiiFinding,
  type PiiKind,
} from './pii-kind';
export { OVERLAP_PRIORITY } from './resolve-overlaps';
export { summarisePii, type PiiSummary } from './summarise-pii';
