// Zod-free, so the web app can import the constants and views of surveys without zod in its bundle (the requests the
// API validates are in surveys.ts). docs/user/evaluation.md explains surveys to staff and evaluation committees.
import type { Role } from './auth';
import type { Locale } from './locale';

/** Text an evaluator writes in both languages; respondents read the one of their locale. */
export type LocalizedText = Record<Locale, string>;

/** Likert 1–5 (まったくそう思わない … とてもそう思う), one option, several options, or free text. */
export const SURVEY_QUESTION_KINDS = ['likert5', 'single', 'multiple', 'text'] as const;
export type SurveyQuestionKind = (typeof SURVEY_QUESTION_KINDS)[number];

/** A draft is edited freely; once published its questions are frozen; closed takes no more answers. */
export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** Limits shared by the editor and the API. */
export const SURVEY_LIMITS = {
  titleChars: 200,
  descriptionChars: 2000,
  questions: 50,
  questionChars: 1000,
  options: 20,
  optionChars: 200,
  /** A free-text answer. */
  answerChars: 2000,
  targetOrganizations: 200,
} as const;


export interface SurveyOptionView {
  id: string;
  text: LocalizedText;
}

export interface SurveyQuestionView {
  /** Stable within the survey: answers and results name the question by it. */
  id: string;
  kind: SurveyQuestionKind;
  text: LocalizedText;
  /** For `single` and `multiple`; empty otherwise. */
  options: SurveyOptionView[];
  required: boolean;
}

/** One answer: 1–5 (likert5), an option id (single), distinct option ids (multiple) or text. */
export type SurveyAnswerValue = number | string | string[];
/** Question id → answer. Optional questions left unanswered are absent (or null). */
export type SurveyAnswers = Record<string, SurveyAnswerValue | null>;

/** A survey as its authors see it. */
export interface SurveyView {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  questions: SurveyQuestionView[];
  /** Organisations asked (each with the organisations under it); empty = every organisation. */
  targetOrganizationIds: string[];
  /** Roles asked; empty = everyone. */
  targetRoles: Role[];
  opensAt: string;
  closesAt: string;
  status: SurveyStatus;
  publishedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  responseCount: number;
}

/** The survey a respondent is asked to answer (GET /api/surveys/pending), or null when none is waiting. */
export interface PendingSurveyView {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  questions: SurveyQuestionView[];
  closesAt: string;
}

/** One bar of a distribution: an option (or a Likert point, id "1"…"5") with its count and share of the answers. */
export interface SurveyOptionCountView {
  optionId: string;
  count: number;
  /** Of the answers to this question in the group, 0–100, one decimal. */
  percent: number;
}

export interface SurveyDistributionView {
  /** Responses in the group that answered this question. */
  answered: number;
  options: SurveyOptionCountView[];
  /** Likert questions only. */
  mean: number | null;
  median: number | null;
}

/** A group of respondents in a breakdown; `other` gathers the groups too small to show alone. */
export type SurveyGroupView = { kind: 'organization'; id: string; name: string } | { kind: 'model'; id: string } | { kind: 'no_model' } | { kind: 'other' };

export interface SurveyGroupDistributionView extends SurveyDistributionView {
  group: SurveyGroupView;
  /** Responses in the group (at least MIN_GROUP_SIZE (evaluation.ts), except for an `other` that is empty). */
  responses: number;
}

export interface SurveyQuestionResultView {
  questionId: string;
  kind: SurveyQuestionKind;
  text: LocalizedText;
  options: SurveyOptionView[];
  /** Null when fewer than MIN_GROUP_SIZE (evaluation.ts) responses are counted (the result would describe a few people). */
  overall: SurveyDistributionView | null;
  byOrganization: SurveyGroupDistributionView[];
  byModel: SurveyGroupDistributionView[];
  /** Free-text answers, in no particular order and without attribution; null when they may not be shown. */
  texts: string[] | null;
}

/** GET /api/evaluation/surveys/:id/results */
export interface SurveyResultsView {
  surveyId: string;
  title: LocalizedText;
  status: SurveyStatus;
  /** The organisation (with those under it) the results are narrowed to, or null for the caller's whole scope. */
  organizationId: string | null;
  responseCount: number;
  /** Signed-in users the survey is aimed at within the same scope, or null when it cannot be counted. */
  targetSize: number | null;
  minGroupSize: number;
  /** True when fewer than minGroupSize responses are counted: only the count is shown. */
  suppressed: boolean;
  questions: SurveyQuestionResultView[];
}

/** GET /api/surveys/pending: the one survey to ask the caller about now (the one closing soonest), or none. */
export interface PendingSurveyAnswerView {
  survey: PendingSurveyView | null;
}

/** The answer to POST /api/surveys/:id/responses and /dismiss: what the caller's participation now is. */
export interface SurveyParticipationView {
  surveyId: string;
  state: 'answered' | 'dismissed';
}
