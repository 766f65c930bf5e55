import type {
  SurveyAnswers,
  SurveyDistributionView,
  SurveyGroupDistributionView,
  SurveyGroupView,
  SurveyQuestionResultView,
  SurveyQuestionView,
} from '@gennai/contracts';

/** A response as results read it: no id, no day — only what is grouped and counted. */
export interface TalliedResponse {
  organizationId: string;
  /** Most used first; the first is the model the response is counted under. */
  modelIds: readonly string[];
  answers: SurveyAnswers;
}

const LIKERT_POINTS = ['1', '2', '3', '4', '5'];

/**
 * Splits groups into those shown alone and those merged into 「その他」, so that no group of fewer than `min`
 * respondents is ever visible — neither alone nor by subtraction: when the merged rest would itself be smaller than
 * `min` (but not empty), the smallest shown groups join it until it is not. Largest groups first.
 */
export function partitionGroups<K>(sizes: ReadonlyMap<K, number>, min: number): { shown: K[]; merged: K[] } {
  const ordered = [...sizes.entries()].sort((a, b) => b[1] - a[1]);
  const shown = ordered.filter(([, size]) => size >= min);
  const merged = ordered.filter(([, size]) => size < min);
  let rest = merged.reduce((sum, [, size]) => sum + size, 0);
  while (rest > 0 && rest < min && shown.length > 0) {
    const smallest = shown.pop()!;
    merged.push(smallest);
    rest += smallest[1];
  }
  return { shown: shown.map(([key]) => key), merged: merged.map(([key]) => key) };
}

/** Counts of one question's answers among some responses; Likert questions also get their mean and median. */
export function distribution(question: SurveyQuestionView, responses: readonly TalliedResponse[]): SurveyDistributionView {
  const values = responses.map((response) => response.answers[question.id]).filter((value) => value !== undefined && value !== null && value !== '');
  const answered = values.length;
  const percent = (count: number) => (answered ? Math.round((count / answered) * 1000) / 10 : 0);
  const optionIds = question.kind === 'likert5' ? LIKERT_POINTS : question.options.map((option) => option.id);
  const counts = new Map(optionIds.map((id) => [id, 0]));
  for (const value of values) {
    // A multiple-choice answer counts once for each option it picks: its shares add up to more than 100 %.
    for (const id of Array.isArray(value) ? value : [String(value)]) if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
  }
  const points = question.kind === 'likert5' ? (values as number[]).slice().sort((a, b) => a - b) : [];
  return {
    answered,
    options: question.kind === 'text' ? [] : optionIds.map((optionId) => ({ optionId, count: counts.get(optionId)!, percent: percent(counts.get(optionId)!) })),
    mean: points.length ? Math.round((points.reduce((sum, point) => sum + point, 0) / points.length) * 100) / 100 : null,
    median: points.length ? median(points) : null,
  };
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Responses grouped by a key, with the view of each group. */
interface Grouping {
  keyOf(response: TalliedResponse): string;
  viewOf(key: string): SurveyGroupView;
}

/** Every question's results over the responses, with no group of fewer than `min` respondents shown. */
export function tallySurvey(
  questions: readonly SurveyQuestionView[],
  responses: readonly TalliedResponse[],
  organizationNames: ReadonlyMap<string, string>,
  min: number,
): SurveyQuestionResultView[] {
  const enough = responses.length >= min;
  const byOrganization: Grouping = {
    keyOf: (response) => response.organizationId,
    viewOf: (id) => ({ kind: 'organization', id, name: organizationNames.get(id) ?? '' }),
  };
  const byModel: Grouping = {
    // Respondents who used no model in the period form their own group.
    keyOf: (response) => response.modelIds[0] ?? '',
    viewOf: (id) => (id ? { kind: 'model', id } : { kind: 'no_model' }),
  };
  const organizationGroups = enough ? groups(responses, byOrganization, min) : [];
  const modelGroups = enough ? groups(responses, byModel, min) : [];
  return questions.map((question) => {
    const breakdown = (grouped: typeof organizationGroups): SurveyGroupDistributionView[] =>
      grouped.map(({ group, members }) => ({ group, responses: members.length, ...distribution(question, members) }));
    return {
      questionId: question.id,
      kind: question.kind,
      text: question.text,
      options: question.options,
      overall: enough ? distribution(question, responses) : null,
      byOrganization: breakdown(organizationGroups),
      byModel: breakdown(modelGroups),
      texts: enough && question.kind === 'text' ? textsOf(question.id, responses) : null,
    };
  });
}

function groups(responses: readonly TalliedResponse[], grouping: Grouping, min: number): { group: SurveyGroupView; members: TalliedResponse[] }[] {
  const members = new Map<string, TalliedResponse[]>();
  for (const response of responses) {
    const key = grouping.keyOf(response);
    const list = members.get(key);
    if (list) list.push(response);
    else members.set(key, [response]);
  }
  const { shown, merged } = partitionGroups(new Map([...members].map(([key, list]) => [key, list.length])), min);
  const result = shown.map((key) => ({ group: grouping.viewOf(key), members: members.get(key)! }));
  if (merged.length) result.push({ group: { kind: 'other' }, members: merged.flatMap((key) => members.get(key)!) });
  return result;
}

/** Sorted, so their order says nothing about who answered when. */
function textsOf(questionId: string, responses: readonly TalliedResponse[]): string[] {
  return responses
    .map((response) => response.answers[questionId])
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .sort((a, b) => a.localeCompare(b, 'ja'));
}
