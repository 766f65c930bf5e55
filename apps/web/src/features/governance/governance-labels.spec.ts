import { USE_CASE_AUDIENCES, USE_CASE_RISK_LEVELS, USE_CASE_RISK_REASONS, USE_CASE_STATUSES, USE_CASE_WORK_NATURES, VENDOR_TRAINING_USES } from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { ja } from '../../i18n/ja';
import { LABEL_SECTIONS } from './use-governance-labels';

type Tree = { readonly [key: string]: string | Tree };
const lookup = (catalogue: Tree, path: string) => path.split('.').reduce<string | Tree | undefined>((node, key) => (typeof node === 'object' ? node[key] : undefined), catalogue);

describe('the register’s words', () => {
  it('name every coded value of the contracts in Japanese and English (their keys are built at run time)', () => {
    const values = {
      audience: USE_CASE_AUDIENCES,
      workNature: USE_CASE_WORK_NATURES,
      vendorTraining: VENDOR_TRAINING_USES,
      riskLevel: USE_CASE_RISK_LEVELS,
      status: USE_CASE_STATUSES,
      reason: USE_CASE_RISK_REASONS,
    } satisfies Record<keyof typeof LABEL_SECTIONS, readonly string[]>;
    const missing = Object.entries(values).flatMap(([section, list]) =>
      list
        .map((value) => `${LABEL_SECTIONS[section as keyof typeof LABEL_SECTIONS]}.${value}`)
        .flatMap((key) => [ja, en].filter((catalogue) => typeof lookup(catalogue, key) !== 'string').map((catalogue) => `${catalogue === ja ? 'ja' : 'en'} ${key}`)),
    );
    expect(missing).toEqual([]);
  });
});
