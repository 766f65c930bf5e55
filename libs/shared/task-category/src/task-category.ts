/**
 * What a staff member asked the assistant to do. The set follows the kinds of desk work a ministry or municipal
 * office brings to a chat assistant (issue #5, item 4), so that satisfaction and arena ratings can be read per kind
 * of work: a model can be best at 要約 and weak at 翻訳. Ids are stable (they are stored with feedback and battles);
 * labels may change.
 */
export const TASK_CATEGORIES = [
  'document_drafting',
  'summarization',
  'translation',
  'proofreading',
  'research',
  'planning',
  'coding',
  'data_analysis',
  'qa',
  'other',
] as const;

export type TaskCategory = (typeof TASK_CATEGORIES)[number];

export const TASK_CATEGORY_LABELS_JA: Readonly<Record<TaskCategory, string>> = {
  document_drafting: '文書作成',
  summarization: '要約',
  translation: '翻訳',
  proofreading: '校正',
  research: '調査・検索',
  planning: '企画',
  coding: 'コーディング',
  data_analysis: 'データ分析',
  qa: '質問・相談',
  other: 'その他',
};

export const TASK_CATEGORY_LABELS_EN: Readonly<Record<TaskCategory, string>> = {
  document_drafting: 'Document drafting',
  summarization: 'Summarization',
  translation: 'Translation',
  proofreading: 'Proofreading',
  research: 'Research',
  planning: 'Planning',
  coding: 'Coding',
  data_analysis: 'Data analysis',
  qa: 'Questions and advice',
  other: 'Other',
};

export const TASK_CATEGORY_LABELS: Readonly<Record<'ja' | 'en', Readonly<Record<TaskCategory, string>>>> = {
  ja: TASK_CATEGORY_LABELS_JA,
  en: TASK_CATEGORY_LABELS_EN,
};

export function isTaskCategory(value: unknown): value is TaskCategory {
  return typeof value === 'string' && (TASK_CATEGORIES as readonly string[]).includes(value);
}
