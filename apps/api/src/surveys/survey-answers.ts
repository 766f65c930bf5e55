import { SURVEY_LIMITS, type SurveyAnswers, type SurveyAnswerValue, type SurveyQuestionView } from '@gennai/contracts';

/** What is wrong with one answer, as the API's validation details name it (`answers.<question id>`). */
export interface AnswerProblem {
  field: string;
  kind: 'required' | 'unknown_question' | 'needs_likert' | 'needs_choice' | 'needs_choices' | 'unknown_option' | 'duplicate' | 'needs_text' | 'too_long';
  params?: Record<string, string | number>;
}

/**
 * Checks answers against the survey's questions: each answer has its question's shape (Likert 1–5, an option of that
 * question, distinct options, text up to SURVEY_LIMITS.answerChars), every required question is answered, and nothing
 * answers a question the survey does not have. Returns every problem, so one refusal lists them all; on success the
 * answers to keep (text trimmed, blanks of optional questions dropped).
 */
export function checkAnswers(questions: readonly SurveyQuestionView[], answers: SurveyAnswers): { problems: AnswerProblem[]; kept: SurveyAnswers } {
  const problems: AnswerProblem[] = [];
  const kept: SurveyAnswers = {};
  const known = new Set(questions.map((question) => question.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) problems.push({ field: `answers.${id}`, kind: 'unknown_question' });
  }
  for (const question of questions) {
    const field = `answers.${question.id}`;
    const value = normalise(answers[question.id]);
    if (value === null) {
      if (question.required) problems.push({ field, kind: 'required' });
      continue;
    }
    const problem = problemWith(question, value);
    if (problem) problems.push({ field, ...problem });
    else kept[question.id] = value;
  }
  return { problems, kept };
}

/** Blank text and empty selections count as no answer. */
function normalise(value: SurveyAnswerValue | null | undefined): SurveyAnswerValue | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (Array.isArray(value) && value.length === 0) return null;
  return value;
}

function problemWith(question: SurveyQuestionView, value: SurveyAnswerValue): Omit<AnswerProblem, 'field'> | null {
  const optionIds = question.options.map((option) => option.id);
  switch (question.kind) {
    case 'likert5':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5 ? null : { kind: 'needs_likert' };
    case 'single':
      if (typeof value !== 'string') return { kind: 'needs_choice' };
      return optionIds.includes(value) ? null : { kind: 'unknown_option', params: { id: value } };
    case 'multiple': {
      if (!Array.isArray(value)) return { kind: 'needs_choices' };
      const unknown = value.find((id) => !optionIds.includes(id));
      if (unknown !== undefined) return { kind: 'unknown_option', params: { id: unknown } };
      const repeated = value.find((id, index) => value.indexOf(id) !== index);
      return repeated === undefined ? null : { kind: 'duplicate', params: { id: repeated } };
    }
    case 'text':
      if (typeof value !== 'string') return { kind: 'needs_text' };
      return [...value].length <= SURVEY_LIMITS.answerChars ? null : { kind: 'too_long', params: { max: SURVEY_LIMITS.answerChars } };
  }
}
