import type { SurveyQuestionRecord, SurveyRecord, SurveyResponseRecord } from './bundle-format';
import { COLUMN, type ReportContext } from './report-context';
import { round, type Cell, type ReportTable } from './report-table';
import { normalQuantile } from './wilson-interval';

const LIKERT_POINTS = [1, 2, 3, 4, 5] as const;

/**
 * Answer distributions per question. A question with fewer respondents than the manifest's `min_group_size` shows one
 * row with its counts withheld: a distribution of three answers tells the three respondents' colleagues too much.
 */
export function surveyResultTable(surveys: readonly SurveyRecord[], responses: readonly SurveyResponseRecord[], context: ReportContext): ReportTable {
  const bySurvey = groupResponses(responses);
  const minGroup = context.manifest.settings.min_group_size;
  const rows: Cell[][] = [];
  for (const survey of surveys) {
    const answers = bySurvey.get(survey.survey) ?? [];
    for (const question of survey.questions) {
      const head: Cell[] = [survey.survey, context.say(survey.title), question.id, context.say(question.text)];
      // Free text: how many of the survey's respondents wrote something (the words themselves are never exported).
      const respondents = question.kind === 'text' ? answers.length : answers.filter((response) => answered(response, question)).length;
      if (respondents < minGroup) {
        rows.push([...head, null, context.text.withheld, null, null, respondents]);
        continue;
      }
      for (const [answer, label, count] of distribution(question, answers, context)) rows.push([...head, answer, label, count, round(count / respondents, 4), respondents]);
    }
  }
  return {
    name: 'survey_results',
    title: context.say({ ja: 'アンケート結果', en: 'Survey results' }),
    note: context.say({
      ja: `割合は設問の回答者数に対する割合（複数選択では合計が 100% を超えます）。回答者 ${minGroup} 人未満の設問は「非表示」です。`,
      en: `Share of the question's respondents (multiple choice can add up to more than 100%). Questions with fewer than ${minGroup} respondents are withheld.`,
    }),
    columns: context.columns([
      ['survey', { ja: 'アンケート ID', en: 'Survey id' }, true],
      ['survey_title', { ja: 'アンケート', en: 'Survey' }],
      ['question', { ja: '設問 ID', en: 'Question id' }, true],
      ['question_text', { ja: '設問', en: 'Question' }],
      ['answer', { ja: '回答 ID', en: 'Answer id' }, true],
      ['answer_text', { ja: '回答', en: 'Answer' }],
      ['count', COLUMN.count],
      ['share', COLUMN.share],
      ['respondents', { ja: '回答者数', en: 'Respondents' }],
    ]),
    rows,
  };
}

/**
 * Mean of each 1–5 question, overall and among the respondents who had used each model, with a normal-approximation
 * 95% interval. Groups smaller than `min_group_size` are withheld.
 */
export function surveyLikertTable(surveys: readonly SurveyRecord[], responses: readonly SurveyResponseRecord[], context: ReportContext): ReportTable {
  const bySurvey = groupResponses(responses);
  const { min_group_size: minGroup, confidence_level: level } = context.manifest.settings;
  const z = normalQuantile(1 - (1 - level) / 2);
  const rows: Cell[][] = [];
  for (const survey of surveys) {
    const answers = bySurvey.get(survey.survey) ?? [];
    for (const question of survey.questions.filter((q) => q.kind === 'likert5')) {
      const groups: [string, string, readonly SurveyResponseRecord[]][] = [
        ['*', context.text.allModels, answers],
        ...context.manifest.models.map((model): [string, string, SurveyResponseRecord[]] => [model, context.modelName(model), answers.filter((r) => r.models_used.includes(model))]),
      ];
      for (const [group, groupName, members] of groups) {
        const values = members.map((r) => r.answers[question.id]).filter((v): v is number => typeof v === 'number');
        const head: Cell[] = [survey.survey, context.say(survey.title), question.id, context.say(question.text), group, groupName];
        if (values.length < minGroup) {
          rows.push([...head, null, null, null, null]);
          continue;
        }
        const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
        const variance = values.length > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1) : 0;
        const half = z * Math.sqrt(variance / values.length);
        rows.push([...head, values.length, round(mean, 3), round(Math.max(1, mean - half), 3), round(Math.min(5, mean + half), 3)]);
      }
    }
  }
  return {
    name: 'survey_likert_means',
    title: context.say({ ja: 'アンケート（5 段階の平均、利用モデル別）', en: 'Survey means (1–5), by model used' }),
    note: context.say({
      ja: `1〜5 の回答の平均と 95% 信頼区間。モデル別は、期間中にそのモデルを使った回答者の平均です。${minGroup} 人未満のグループは表示しません（空欄）。`,
      en: `Mean of the 1–5 answers with a 95% interval; per model, among respondents who used that model in the period. Groups under ${minGroup} respondents are left blank.`,
    }),
    columns: context.columns([
      ['survey', { ja: 'アンケート ID', en: 'Survey id' }, true],
      ['survey_title', { ja: 'アンケート', en: 'Survey' }],
      ['question', { ja: '設問 ID', en: 'Question id' }, true],
      ['question_text', { ja: '設問', en: 'Question' }],
      ['model', COLUMN.model, true],
      ['model_name', { ja: '利用モデル', en: 'Model used' }],
      ['respondents', { ja: '回答者数', en: 'Respondents' }],
      ['mean', { ja: '平均', en: 'Mean' }],
      ['lower', COLUMN.lower],
      ['upper', COLUMN.upper],
    ]),
    rows,
  };
}

function groupResponses(responses: readonly SurveyResponseRecord[]): Map<string, SurveyResponseRecord[]> {
  const bySurvey = new Map<string, SurveyResponseRecord[]>();
  for (const response of responses) {
    let list = bySurvey.get(response.survey);
    if (!list) bySurvey.set(response.survey, (list = []));
    list.push(response);
  }
  return bySurvey;
}

function answered(response: SurveyResponseRecord, question: SurveyQuestionRecord): boolean {
  const answer = response.answers[question.id];
  return answer !== undefined && (!Array.isArray(answer) || answer.length > 0);
}

/** [answer id, answer text, count] in the order the survey lists its answers. */
function distribution(question: SurveyQuestionRecord, responses: readonly SurveyResponseRecord[], context: ReportContext): [string, string, number][] {
  if (question.kind === 'text') {
    const count = responses.filter((r) => r.text_answered.includes(question.id)).length;
    return [['text', context.say({ ja: '自由記述（件数のみ）', en: 'Free text (count only)' }), count]];
  }
  const choices: [string, string][] =
    question.kind === 'likert5' ? LIKERT_POINTS.map((point) => [String(point), String(point)]) : question.options.map((option) => [option.id, context.say(option.text)]);
  const counts = new Map(choices.map(([id]) => [id, 0]));
  for (const response of responses) {
    const answer = response.answers[question.id];
    for (const value of Array.isArray(answer) ? answer : answer === undefined ? [] : [answer]) {
      const key = String(value);
      // An answer naming no listed option (edited after export?) is not counted rather than shown under a bare id.
      if (counts.has(key)) counts.set(key, (counts.get(key) as number) + 1);
    }
  }
  return choices.map(([id, label]) => [id, label, counts.get(id) as number]);
}
