import type { SurveyQuestionView } from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import { checkAnswers } from './survey-answers';

const text = (ja: string) => ({ ja, en: ja });
const QUESTIONS: SurveyQuestionView[] = [
  { id: 'useful', kind: 'likert5', text: text('役に立ちましたか'), options: [], required: true },
  { id: 'task', kind: 'single', text: text('主な用途'), options: [{ id: 'draft', text: text('文書作成') }, { id: 'summary', text: text('要約') }], required: true },
  { id: 'models', kind: 'multiple', text: text('使ったモデル'), options: [{ id: 'a', text: text('A') }, { id: 'b', text: text('B') }, { id: 'c', text: text('C') }], required: false },
  { id: 'comment', kind: 'text', text: text('ご意見'), options: [], required: false },
];

describe('checking survey answers against the questions', () => {
  it('accepts answers of the right shape and drops blanks of optional questions', () => {
    const { problems, kept } = checkAnswers(QUESTIONS, { useful: 4, task: 'summary', models: ['a', 'c'], comment: '  ' });
    expect(problems).toEqual([]);
    expect(kept).toEqual({ useful: 4, task: 'summary', models: ['a', 'c'] });
  });

  it('names every missing required question', () => {
    expect(checkAnswers(QUESTIONS, { comment: 'よい' }).problems).toEqual([
      { field: 'answers.useful', kind: 'required' },
      { field: 'answers.task', kind: 'required' },
    ]);
    expect(checkAnswers(QUESTIONS, { useful: null, task: '' }).problems.map((p) => p.field)).toEqual(['answers.useful', 'answers.task']);
  });

  it('takes a Likert answer only as a whole number from 1 to 5', () => {
    for (const bad of [0, 6, 3.5, '3', ['3']]) {
      expect(checkAnswers(QUESTIONS, { useful: bad, task: 'draft' }).problems, String(bad)).toEqual([{ field: 'answers.useful', kind: 'needs_likert' }]);
    }
    for (const good of [1, 5]) expect(checkAnswers(QUESTIONS, { useful: good, task: 'draft' }).problems).toEqual([]);
  });

  it('takes only option ids of that question, each once', () => {
    const answers = { useful: 3, task: 'a', models: ['a', 'draft'] };
    expect(checkAnswers(QUESTIONS, answers).problems).toEqual([
      { field: 'answers.task', kind: 'unknown_option', params: { id: 'a' } },
      { field: 'answers.models', kind: 'unknown_option', params: { id: 'draft' } },
    ]);
    expect(checkAnswers(QUESTIONS, { useful: 3, task: ['draft'], models: ['b', 'b'] }).problems).toEqual([
      { field: 'answers.task', kind: 'needs_choice' },
      { field: 'answers.models', kind: 'duplicate', params: { id: 'b' } },
    ]);
    expect(checkAnswers(QUESTIONS, { useful: 3, task: 'draft', models: 'a' }).problems).toEqual([{ field: 'answers.models', kind: 'needs_choices' }]);
  });

  it('limits free text to 2,000 characters, counting characters rather than UTF-16 units', () => {
    expect(checkAnswers(QUESTIONS, { useful: 3, task: 'draft', comment: '𠮷'.repeat(2000) }).problems).toEqual([]);
    expect(checkAnswers(QUESTIONS, { useful: 3, task: 'draft', comment: 'あ'.repeat(2001) }).problems).toEqual([
      { field: 'answers.comment', kind: 'too_long', params: { max: 2000 } },
    ]);
    expect(checkAnswers(QUESTIONS, { useful: 3, task: 'draft', comment: 5 }).problems).toEqual([{ field: 'answers.comment', kind: 'needs_text' }]);
  });

  it('refuses an answer to a question the survey does not have', () => {
    expect(checkAnswers(QUESTIONS, { useful: 3, task: 'draft', extra: 'x' }).problems).toEqual([{ field: 'answers.extra', kind: 'unknown_question' }]);
  });
});
