import {
  assessUseCaseRisk,
  USE_CASE_TEXT_MAX,
  USE_CASE_TITLE_MAX,
  type CreateUseCaseRequest,
  type UseCaseAudience,
  type UseCaseRiskAssessment,
  type UseCaseRiskLevel,
  type UseCaseView,
  type UseCaseWorkNature,
  type VendorTrainingUse,
} from '@gennai/contracts';
import { fieldMessage, type FieldErrors } from '../../shared/form-errors';

/** The use-case form as the page edits it. Yes/no questions start unanswered, so nobody registers a default by accident. */
export interface UseCaseForm {
  organizationId: string;
  title: string;
  purpose: string;
  audience: UseCaseAudience | null;
  workNature: UseCaseWorkNature | null;
  confidentialDataInput: boolean | null;
  vendorTrainingUse: VendorTrainingUse | null;
  humanReview: boolean | null;
  modelIds: string[];
  /** '' keeps the computed level. */
  riskOverrideLevel: UseCaseRiskLevel | '';
  riskOverrideReason: string;
  ownerName: string;
  ownerContact: string;
  status: 'draft' | 'in_review' | 'approved';
  nextReviewOn: string;
}

export function blankUseCaseForm(organizationId = ''): UseCaseForm {
  return {
    organizationId,
    title: '',
    purpose: '',
    audience: null,
    workNature: null,
    confidentialDataInput: null,
    vendorTrainingUse: null,
    humanReview: null,
    modelIds: [],
    riskOverrideLevel: '',
    riskOverrideReason: '',
    ownerName: '',
    ownerContact: '',
    status: 'draft',
    nextReviewOn: '',
  };
}

export function formOfUseCase(useCase: UseCaseView): UseCaseForm {
  return {
    organizationId: useCase.organizationId,
    title: useCase.title,
    purpose: useCase.purpose,
    audience: useCase.audience,
    workNature: useCase.workNature,
    confidentialDataInput: useCase.confidentialDataInput,
    vendorTrainingUse: useCase.vendorTrainingUse,
    humanReview: useCase.humanReview,
    modelIds: [...useCase.modelIds],
    riskOverrideLevel: useCase.riskOverrideLevel ?? '',
    riskOverrideReason: useCase.riskOverrideReason ?? '',
    ownerName: useCase.owner.name,
    ownerContact: useCase.owner.contact ?? '',
    // A retired use case is never edited (the API refuses it); the form only offers the editable statuses.
    status: useCase.status === 'retired' ? 'draft' : useCase.status,
    nextReviewOn: useCase.nextReviewOn ?? '',
  };
}

/** The risk the API will compute, shown while the answers change; null until every screening question is answered. */
export function riskOfForm(form: UseCaseForm): UseCaseRiskAssessment | null {
  const { audience, workNature, confidentialDataInput, vendorTrainingUse, humanReview } = form;
  if (audience === null || workNature === null || confidentialDataInput === null || vendorTrainingUse === null || humanReview === null) return null;
  return assessUseCaseRisk({ audience, workNature, confidentialDataInput, vendorTrainingUse, humanReview });
}

/** Mistakes found before sending, worded as the API words them, by the API's field names. */
export function validateUseCaseForm(form: UseCaseForm): FieldErrors {
  const errors: FieldErrors = {};
  const text = (field: 'title' | 'purpose' | 'ownerName', max: number) => {
    const value = form[field].trim();
    if (!value) errors[field] = fieldMessage('required');
    else if (value.length > max) errors[field] = fieldMessage('too_long', { max });
  };
  text('title', USE_CASE_TITLE_MAX);
  text('purpose', USE_CASE_TEXT_MAX);
  for (const field of ['audience', 'workNature', 'confidentialDataInput', 'vendorTrainingUse', 'humanReview'] as const) {
    if (form[field] === null) errors[field] = fieldMessage('required');
  }
  text('ownerName', 200);
  if (form.riskOverrideLevel && !form.riskOverrideReason.trim()) errors.riskOverrideReason = fieldMessage('required');
  return errors;
}

/** The request body (valid forms only: every screening answer is given). */
export function useCaseBody(form: UseCaseForm, options: { includeOrganization: boolean }): CreateUseCaseRequest {
  return {
    ...(options.includeOrganization && form.organizationId ? { organizationId: form.organizationId } : {}),
    title: form.title.trim(),
    purpose: form.purpose.trim(),
    audience: form.audience!,
    workNature: form.workNature!,
    confidentialDataInput: form.confidentialDataInput!,
    vendorTrainingUse: form.vendorTrainingUse!,
    humanReview: form.humanReview!,
    modelIds: form.modelIds,
    riskOverrideLevel: form.riskOverrideLevel || null,
    riskOverrideReason: form.riskOverrideLevel ? form.riskOverrideReason.trim() : null,
    ownerName: form.ownerName.trim(),
    ownerContact: form.ownerContact.trim() || null,
    status: form.status,
    nextReviewOn: form.nextReviewOn || null,
  };
}
