import type { SurveyQuestionView } from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import { definitionProblems, publishProblems } from './survey-definition';

const text = (ja: string) => ({ ja, en: ja });
const option = (id: string) => ({ id, text: text(id) });
const PERIOD = { opensAt: '2026-05-01T00:00:00+09:00', closesAt: '2026-05-31T00:00:00+09:00' };

describe('the rules of a survey across fields', () => {
  it('accepts distinct ids, choices with two options and a period in order', () => {
    const questions: SurveyQuestionView[] = [
      { id: 'q1', kind: 'single', text: text('用途'), options: [option('a'), option('b')], required: true },
      { id: 'q2', kind: 'text', text: text('ご意見'), options: [], required: false },
    ];
    expect(definitionProblems({ questions, ...PERIOD })).toEqual([]);
  });

  it('names duplicate ids, thin choices, options on a non-choice and a period ending before it starts', () => {
    const questions: SurveyQuestionView[] = [
      { id: 'q1', kind: 'multiple', text: text('用途'), options: [option('a'), option('a')], required: true },
      { id: 'q1', kind: 'single', text: text('一つ'), options: [option('a')], required: true },
      { id: 'q3', kind: 'likert5', text: text('満足度'), options: [option('x')], required: true },
    ];
    expect(definitionProblems({ questions, opensAt: PERIOD.closesAt, closesAt: PERIOD.opensAt })).toEqual([
      { field: 'questions.0.options.1.id', kind: 'duplicate', params: { id: 'a' } },
      { field: 'questions.1.id', kind: 'duplicate', params: { id: 'q1' } },
      { field: 'questions.1.options', kind: 'too_few_options', params: { min: 2 } },
      { field: 'questions.2.options', kind: 'not_a_choice' },
      { field: 'closesAt', kind: 'before_opens' },
    ]);
  });

  it('publishes only a survey with questions that has not already closed', () => {
    expect(publishProblems({ questions: [], closesAt: new Date('2026-01-01T00:00:00Z') }, new Date('2026-02-01T00:00:00Z'))).toEqual([
      { field: 'questions', kind: 'no_questions' },
      { field: 'closesAt', kind: 'in_the_past' },
    ]);
  });
});
