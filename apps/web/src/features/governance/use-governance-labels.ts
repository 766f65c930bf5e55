import type { UseCaseAudience, UseCaseRiskLevel, UseCaseRiskReason, UseCaseStatus, UseCaseWorkNature, VendorTrainingUse } from '@gennai/contracts';
import { useI18n } from 'vue-i18n';

/**
 * The words for the register's coded values, in the UI's language. Keys are built from the contracts' lists, so
 * governance-labels.spec.ts checks that every value has its words in both catalogues.
 */
export const LABEL_SECTIONS = {
  audience: 'governance.audiences',
  workNature: 'governance.workNatures',
  vendorTraining: 'governance.vendorTraining',
  riskLevel: 'governance.riskLevels',
  status: 'governance.statuses',
  reason: 'governance.reasons',
} as const;

export function useGovernanceLabels() {
  const { t } = useI18n();
  const label = (section: keyof typeof LABEL_SECTIONS) => (value: string) => t(`${LABEL_SECTIONS[section]}.${value}`);
  return {
    audience: label('audience') as (value: UseCaseAudience) => string,
    workNature: label('workNature') as (value: UseCaseWorkNature) => string,
    vendorTraining: label('vendorTraining') as (value: VendorTrainingUse) => string,
    riskLevel: label('riskLevel') as (value: UseCaseRiskLevel) => string,
    status: label('status') as (value: UseCaseStatus) => string,
    reason: label('reason') as (value: UseCaseRiskReason) => string,
  };
}
