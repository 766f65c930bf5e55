import { SURVEY_LIMITS, type CreateSurveyRequest, type Role, type SurveyQuestionKind, type SurveyView } from '@gennai/contracts';
import { fieldMessage, type FieldErrors } from '../../shared/form-errors';

/**
 * The survey editor's form and the rules it checks before sending. Field paths are the API's (`title.ja`,
 * `questions.2.options.0.text.en`), so a mistake found here and one the API reports land beside the same control.
 */

export interface DraftText {
  ja: string;
  en: string;
}

export interface DraftOption {
  /** Kept from the stored survey, or made up here (o1, o2, …): answers refer to options by it. */
  id: string;
  text: DraftText;
}

export interface DraftQuestion {
  id: string;
  kind: SurveyQuestionKind;
  text: DraftText;
  options: DraftOption[];
  required: boolean;
}

export interface SurveyDraft {
  title: DraftText;
  description: DraftText;
  questions: DraftQuestion[];
  targetOrganizationIds: string[];
  targetRoles: Role[];
  /** `datetime-local` values (YYYY-MM-DDTHH:mm, the browser's time zone); '' when not chosen. */
  opensAt: string;
  closesAt: string;
}

/** Whether the kind offers options to choose from. */
export const isChoice = (kind: SurveyQuestionKind) => kind === 'single' || kind === 'multiple';

const blankText = (): DraftText => ({ ja: '', en: '' });

/** The next free id with this prefix (q1, q2, … or o1, o2, …): short and within the API's id pattern. */
export function nextId(prefix: 'q' | 'o', taken: readonly { id: string }[]): string {
  const used = new Set(taken.map((item) => item.id));
  let n = taken.length + 1;
  while (used.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

export function blankOption(taken: readonly DraftOption[]): DraftOption {
  return { id: nextId('o', taken), text: blankText() };
}

/** A new question; a choice starts with the two options it needs at least. */
export function blankQuestion(kind: SurveyQuestionKind, taken: readonly DraftQuestion[]): DraftQuestion {
  const question: DraftQuestion = { id: nextId('q', taken), kind, text: blankText(), options: [], required: true };
  changeKind(question, kind);
  return question;
}

/** A `datetime-local` value for an instant, in the browser's time zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A new survey: open from the next full hour for two weeks, no questions yet, everyone asked. */
export function blankDraft(now: Date = new Date()): SurveyDraft {
  const opens = new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours() + 1);
  const closes = new Date(opens.getFullYear(), opens.getMonth(), opens.getDate() + 14, opens.getHours());
  return { title: blankText(), description: blankText(), questions: [], targetOrganizationIds: [], targetRoles: [], opensAt: toLocalInput(opens), closesAt: toLocalInput(closes) };
}

export function draftOf(survey: SurveyView): SurveyDraft {
  return {
    title: { ...survey.title },
    description: { ...survey.description },
    questions: survey.questions.map((question) => ({ ...question, text: { ...question.text }, options: question.options.map((option) => ({ id: option.id, text: { ...option.text } })) })),
    targetOrganizationIds: [...survey.targetOrganizationIds],
    targetRoles: [...survey.targetRoles],
    opensAt: toLocalInput(new Date(survey.opensAt)),
    closesAt: toLocalInput(new Date(survey.closesAt)),
  };
}

/**
 * Changes a question's kind. Options are kept when moving between the two choice kinds, dropped for Likert and free
 * text (the API refuses options there), and two blank ones are offered when a choice needs them.
 */
export function changeKind(question: DraftQuestion, kind: SurveyQuestionKind): void {
  question.kind = kind;
  if (!isChoice(kind)) question.options = [];
  else while (question.options.length < 2) question.options.push(blankOption(question.options));
}

/** Mistakes the editor can see without asking the API, by the API's field path. */
export function draftProblems(draft: SurveyDraft): FieldErrors {
  const errors: FieldErrors = {};
  const text = (path: string, value: DraftText, max: number) => {
    for (const locale of ['ja', 'en'] as const) {
      const trimmed = value[locale].trim();
      if (!trimmed) errors[`${path}.${locale}`] = fieldMessage('required');
      else if (trimmed.length > max) errors[`${path}.${locale}`] = fieldMessage('too_long', { max });
    }
  };
  text('title', draft.title, SURVEY_LIMITS.titleChars);
  draft.questions.forEach((question, index) => {
    text(`questions.${index}.text`, question.text, SURVEY_LIMITS.questionChars);
    if (isChoice(question.kind) && question.options.length < 2) errors[`questions.${index}.options`] = fieldMessage('too_few_options', { min: 2 });
    question.options.forEach((option, optionIndex) => text(`questions.${index}.options.${optionIndex}.text`, option.text, SURVEY_LIMITS.optionChars));
  });
  if (!draft.opensAt) errors.opensAt = fieldMessage('required');
  if (!draft.closesAt) errors.closesAt = fieldMessage('required');
  else if (draft.opensAt && new Date(draft.closesAt) <= new Date(draft.opensAt)) errors.closesAt = fieldMessage('before_opens');
  return errors;
}

/** What publishing needs beyond a valid draft (the API checks the same): something to ask. */
export function publishProblems(draft: SurveyDraft): FieldErrors {
  return draft.questions.length ? {} : { questions: fieldMessage('no_questions') };
}

/** The request body of a checked draft: trimmed text, instants with their offset. */
export function surveyBody(draft: SurveyDraft): CreateSurveyRequest {
  const trim = (value: DraftText) => ({ ja: value.ja.trim(), en: value.en.trim() });
  return {
    title: trim(draft.title),
    description: trim(draft.description),
    questions: draft.questions.map((question) => ({
      id: question.id,
      kind: question.kind,
      text: trim(question.text),
      options: isChoice(question.kind) ? question.options.map((option) => ({ id: option.id, text: trim(option.text) })) : [],
      required: question.required,
    })),
    targetOrganizationIds: [...draft.targetOrganizationIds],
    targetRoles: [...draft.targetRoles],
    opensAt: new Date(draft.opensAt).toISOString(),
    closesAt: new Date(draft.closesAt).toISOString(),
  };
}

/** Moves an item one place up (-1) or down (+1); false at either end. */
export function move<T>(items: T[], index: number, step: -1 | 1): boolean {
  const target = index + step;
  if (target < 0 || target >= items.length) return false;
  [items[index], items[target]] = [items[target], items[index]];
  return true;
}

/**
 * Which move button keeps focus after an item moved to `to`: the one pressed, so 上へ can be pressed again — unless
 * the item reached the end and that button is now disabled, when the other one takes it.
 */
export function moveButtonAfter(step: -1 | 1, to: number, count: number): 'up' | 'down' {
  if (step === -1) return to === 0 ? 'down' : 'up';
  return to === count - 1 ? 'up' : 'down';
}
