import { describe, expect, it } from 'vitest';
import { createUseCaseSchema, updateUseCaseSchema } from './use-cases';
import { assessUseCaseRisk, type UseCaseScreening } from './use-case-screening';

/** Drafting internal documents, staff only, nothing confidential, no vendor training, outputs checked: the low baseline. */
const LOW: UseCaseScreening = { audience: 'staff', workNature: 'internal_admin', confidentialDataInput: false, vendorTrainingUse: 'none', humanReview: true };
const assess = (changes: Partial<UseCaseScreening>) => assessUseCaseRisk({ ...LOW, ...changes });

describe('the use-case screening rule', () => {
  it('rates internal work by staff, without confidential data or vendor training and with outputs reviewed, as low', () => {
    expect(assessUseCaseRisk(LOW)).toEqual({ level: 'low', reasons: [] });
  });

  it('rates any use feeding decisions on rights and duties as high, however careful the rest', () => {
    expect(assess({ workNature: 'rights_decision' })).toEqual({ level: 'high', reasons: ['rights_decision'] });
  });

  it('rates unreviewed outputs reaching the public as high, reviewed ones as medium', () => {
    expect(assess({ audience: 'public', workNature: 'public_service', humanReview: false })).toEqual({ level: 'high', reasons: ['public_unreviewed', 'policy_or_public_work'] });
    expect(assess({ audience: 'public', workNature: 'public_service' })).toEqual({ level: 'medium', reasons: ['public_audience', 'policy_or_public_work'] });
  });

  it('rates confidential data a vendor may train on as high, also when whether it trains is unknown', () => {
    expect(assess({ confidentialDataInput: true, vendorTrainingUse: 'possible' })).toEqual({ level: 'high', reasons: ['confidential_training'] });
    expect(assess({ confidentialDataInput: true, vendorTrainingUse: 'unknown' }).level).toBe('high');
    expect(assess({ confidentialDataInput: true })).toEqual({ level: 'medium', reasons: ['confidential_input'] });
    expect(assess({ vendorTrainingUse: 'unknown' })).toEqual({ level: 'medium', reasons: ['vendor_training'] });
  });

  it('rates each other raised answer as medium, and lists every reason, high ones first', () => {
    expect(assess({ audience: 'staff_and_partners' })).toEqual({ level: 'medium', reasons: ['partner_audience'] });
    expect(assess({ workNature: 'policy_planning' })).toEqual({ level: 'medium', reasons: ['policy_or_public_work'] });
    expect(assess({ humanReview: false })).toEqual({ level: 'medium', reasons: ['unreviewed_output'] });
    expect(assess({ workNature: 'rights_decision', audience: 'staff_and_partners', humanReview: false }).reasons).toEqual(['rights_decision', 'partner_audience', 'unreviewed_output']);
  });
});

describe('use-case requests', () => {
  const valid = { title: '議事録の要約', purpose: '会議の録音書き起こしから議事録案を作る', ...LOW, ownerName: '佐藤 花子' };

  it('fills defaults: a draft, no models, no override, no owner account', () => {
    expect(createUseCaseSchema.parse(valid)).toMatchObject({ status: 'draft', modelIds: [], riskOverrideLevel: null, riskOverrideReason: null, ownerUserId: null, ownerContact: null, nextReviewOn: null });
  });

  it('refuses an override without its reason, naming the reason field', () => {
    for (const schema of [createUseCaseSchema, updateUseCaseSchema]) {
      const result = schema.safeParse({ ...valid, riskOverrideLevel: 'low', riskOverrideReason: '  ' });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['riskOverrideReason']);
    }
  });

  it('names a missing override reason together with the other mistakes', () => {
    const result = createUseCaseSchema.safeParse({ ...valid, title: '', riskOverrideLevel: 'high' });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['riskOverrideReason', 'title']);
  });

  it('refuses retiring by edit and unknown fields', () => {
    expect(updateUseCaseSchema.safeParse({ status: 'retired' }).success).toBe(false);
    expect(updateUseCaseSchema.safeParse({ riskLevel: 'low' }).success).toBe(false);
  });
});
