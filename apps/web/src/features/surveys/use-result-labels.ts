import type { SurveyGroupView, SurveyQuestionResultView } from '@gennai/contracts';
import { useI18n } from 'vue-i18n';
import { formatNumber } from '../../shared/format-number';
import { useSurveyText } from './use-survey-text';

/**
 * How survey results read: an option's text (a Likert point as 「1（まったくそう思わない）」), a group's name (a model by
 * its catalogue label when the caller can see it) and the numbers in the UI's language.
 */
export function useResultLabels(modelLabels: () => ReadonlyMap<string, string>) {
  const { t, locale } = useI18n();
  const { textOf } = useSurveyText();
  return {
    option(question: SurveyQuestionResultView, optionId: string): string {
      if (question.kind !== 'likert5') {
        const option = question.options.find((candidate) => candidate.id === optionId);
        return option ? textOf(option.text) : optionId;
      }
      if (optionId === '1') return `1${t('surveys.likertLow')}`;
      if (optionId === '5') return `5${t('surveys.likertHigh')}`;
      return optionId;
    },
    group(group: SurveyGroupView, minGroupSize: number): string {
      switch (group.kind) {
        case 'organization':
          return group.name;
        case 'model':
          return modelLabels().get(group.id) ?? group.id;
        case 'no_model':
          return t('surveys.results.noModel');
        case 'other':
          return t('surveys.results.other', { min: minGroupSize });
      }
    },
    count: (value: number) => formatNumber(value, locale.value),
    percent: (value: number) => `${formatNumber(value, locale.value, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`,
    mean: (value: number) => formatNumber(value, locale.value, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    /** A median is a point or halfway between two (3.5). */
    median: (value: number) => formatNumber(value, locale.value, { maximumFractionDigits: 1 }),
  };
}
export type ResultLabels = ReturnType<typeof useResultLabels>;
