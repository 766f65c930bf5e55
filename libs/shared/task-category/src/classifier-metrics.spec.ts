import { describe, expect, it } from 'vitest';
import { measureClassifier, metricsTable } from './classifier-metrics';

describe('measureClassifier', () => {
  // 4 labelled translation, 2 qa; one translation predicted as qa, one qa predicted as other.
  const metrics = measureClassifier([
    { expected: 'translation', predicted: 'translation' },
    { expected: 'translation', predicted: 'translation' },
    { expected: 'translation', predicted: 'translation' },
    { expected: 'translation', predicted: 'qa' },
    { expected: 'qa', predicted: 'qa' },
    { expected: 'qa', predicted: 'other' },
  ]);
  const of = (category: string) => metrics.perCategory.find((m) => m.category === category);

  it('computes precision, recall and F1 per category', () => {
    expect(of('translation')).toMatchObject({ labelled: 4, predicted: 3, correct: 3, precision: 1, recall: 0.75 });
    expect(of('translation')?.f1).toBeCloseTo(6 / 7);
    expect(of('qa')).toMatchObject({ labelled: 2, predicted: 2, correct: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('averages F1 over the labelled categories only, and counts accuracy over all lines', () => {
    expect(metrics.accuracy).toBeCloseTo(4 / 6);
    expect(metrics.macroF1).toBeCloseTo((6 / 7 + 0.5) / 2);
  });

  it('prints a table with a row for every category that was labelled or predicted', () => {
    const table = metricsTable(metrics);
    expect(table).toContain('| translation | 4 | 3 | 3 | 1.000 | 0.750 | 0.857 |');
    expect(table).toContain('| other | 0 | 1 | 0 |');
    expect(table).not.toContain('| coding |');
  });
});
