import { TASK_CATEGORIES, type TaskCategory } from './task-category';

/**
 * Agreement between labelled and predicted categories: per-category precision, recall and F1, accuracy and
 * macro-F1. Used by the evaluation tests and meant for comparing the rules with an LLM judge or with the
 * categories admins corrected by hand.
 */
export interface CategoryMetrics {
  readonly category: TaskCategory;
  readonly labelled: number;
  readonly predicted: number;
  readonly correct: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface ClassifierMetrics {
  readonly total: number;
  readonly accuracy: number;
  /** Mean F1 over the categories that occur among the labels. */
  readonly macroF1: number;
  readonly perCategory: readonly CategoryMetrics[];
}

export interface LabelledPrediction {
  readonly expected: TaskCategory;
  readonly predicted: TaskCategory;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export function measureClassifier(pairs: readonly LabelledPrediction[]): ClassifierMetrics {
  const perCategory = TASK_CATEGORIES.map((category): CategoryMetrics => {
    const labelled = pairs.filter((p) => p.expected === category).length;
    const predicted = pairs.filter((p) => p.predicted === category).length;
    const correct = pairs.filter((p) => p.expected === category && p.predicted === category).length;
    const precision = ratio(correct, predicted);
    const recall = ratio(correct, labelled);
    return { category, labelled, predicted, correct, precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
  });
  const present = perCategory.filter((m) => m.labelled > 0);
  return {
    total: pairs.length,
    accuracy: ratio(pairs.filter((p) => p.expected === p.predicted).length, pairs.length),
    macroF1: ratio(present.reduce((sum, m) => sum + m.f1, 0), present.length),
    perCategory,
  };
}

/** The metrics as the Markdown table docs/developer/task-category.md shows. Categories never labelled or predicted are left out. */
export function metricsTable(metrics: ClassifierMetrics): string {
  const f = (value: number) => value.toFixed(3);
  const rows = metrics.perCategory
    .filter((m) => m.labelled > 0 || m.predicted > 0)
    .map((m) => `| ${m.category} | ${m.labelled} | ${m.predicted} | ${m.correct} | ${f(m.precision)} | ${f(m.recall)} | ${f(m.f1)} |`);
  return [
    '| category | labelled | predicted | correct | precision | recall | F1 |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    `| **all** | ${metrics.total} | | ${Math.round(metrics.accuracy * metrics.total)} | | accuracy ${f(metrics.accuracy)} | macro-F1 ${f(metrics.macroF1)} |`,
  ].join('\n');
}
