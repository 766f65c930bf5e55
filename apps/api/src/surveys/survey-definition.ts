import type { SurveyQuestionView } from '@gennai/contracts';

/** A problem with a survey as written, named by field as the API's validation details are. */
export interface DefinitionProblem {
  field: string;
  kind: 'duplicate' | 'too_few_options' | 'not_a_choice' | 'before_opens' | 'in_the_past' | 'no_questions' | 'unknown_reference';
  params?: Record<string, string | number>;
}

/** A choice needs something to choose between. */
export const MIN_CHOICE_OPTIONS = 2;

/**
 * The rules of a survey that one field alone cannot express (the contracts schema checks each field): question ids and
 * option ids are distinct, choices have at least two options and other kinds none, and the period ends after it starts.
 */
export function definitionProblems(survey: { questions: readonly SurveyQuestionView[]; opensAt: string; closesAt: string }): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const questionIds = new Set<string>();
  survey.questions.forEach((question, index) => {
    if (questionIds.has(question.id)) problems.push({ field: `questions.${index}.id`, kind: 'duplicate', params: { id: question.id } });
    questionIds.add(question.id);
    const choice = question.kind === 'single' || question.kind === 'multiple';
    if (choice && question.options.length < MIN_CHOICE_OPTIONS) problems.push({ field: `questions.${index}.options`, kind: 'too_few_options', params: { min: MIN_CHOICE_OPTIONS } });
    if (!choice && question.options.length > 0) problems.push({ field: `questions.${index}.options`, kind: 'not_a_choice' });
    const optionIds = new Set<string>();
    question.options.forEach((option, optionIndex) => {
      if (optionIds.has(option.id)) problems.push({ field: `questions.${index}.options.${optionIndex}.id`, kind: 'duplicate', params: { id: option.id } });
      optionIds.add(option.id);
    });
  });
  if (Date.parse(survey.closesAt) <= Date.parse(survey.opensAt)) problems.push({ field: 'closesAt', kind: 'before_opens' });
  return problems;
}

/** What else publishing needs: something to ask, and a period that has not already ended. */
export function publishProblems(survey: { questions: readonly SurveyQuestionView[]; closesAt: Date }, now: Date): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (survey.questions.length === 0) problems.push({ field: 'questions', kind: 'no_questions' });
  if (survey.closesAt <= now) problems.push({ field: 'closesAt', kind: 'in_the_past' });
  return problems;
}
