import type { SurveyQuestionView } from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import { distribution, partitionGroups, tallySurvey, type TalliedResponse } from './survey-tally';

const text = (ja: string) => ({ ja, en: ja });
const LIKERT: SurveyQuestionView = { id: 'useful', kind: 'likert5', text: text('役に立ちましたか'), options: [], required: true };
const MULTIPLE: SurveyQuestionView = { id: 'uses', kind: 'multiple', text: text('用途'), options: [{ id: 'draft', text: text('文書作成') }, { id: 'summary', text: text('要約') }], required: false };
const COMMENT: SurveyQuestionView = { id: 'comment', kind: 'text', text: text('ご意見'), options: [], required: false };

const response = (organizationId: string, useful: number, extra: Partial<TalliedResponse> = {}): TalliedResponse => ({ organizationId, modelIds: ['echo'], answers: { useful }, ...extra });

describe('partitioning groups so none smaller than the minimum is visible', () => {
  it('shows groups of at least the minimum and merges the rest', () => {
    expect(partitionGroups(new Map([['a', 12], ['b', 3], ['c', 5], ['d', 2]]), 5)).toEqual({ shown: ['a', 'c'], merged: ['b', 'd'] });
  });

  it('merges the smallest shown group too when the rest alone would be smaller than the minimum (no subtraction)', () => {
    expect(partitionGroups(new Map([['a', 20], ['b', 6], ['c', 2]]), 5)).toEqual({ shown: ['a'], merged: ['c', 'b'] });
    expect(partitionGroups(new Map([['a', 6], ['b', 1]]), 5)).toEqual({ shown: [], merged: ['b', 'a'] });
  });

  it('needs no merged group when every group is large enough', () => {
    expect(partitionGroups(new Map([['a', 5], ['b', 7]]), 5)).toEqual({ shown: ['b', 'a'], merged: [] });
  });
});

describe('a question’s distribution', () => {
  it('counts Likert points with shares, mean and median', () => {
    const view = distribution(LIKERT, [1, 2, 4, 4, 5, 5].map((point) => response('o', point)));
    expect(view.answered).toBe(6);
    expect(view.options).toEqual([
      { optionId: '1', count: 1, percent: 16.7 },
      { optionId: '2', count: 1, percent: 16.7 },
      { optionId: '3', count: 0, percent: 0 },
      { optionId: '4', count: 2, percent: 33.3 },
      { optionId: '5', count: 2, percent: 33.3 },
    ]);
    expect(view.mean).toBe(3.5);
    expect(view.median).toBe(4);
  });

  it('counts a multiple-choice answer once per option picked, over those who answered', () => {
    const responses = [
      response('o', 3, { answers: { uses: ['draft', 'summary'] } }),
      response('o', 3, { answers: { uses: ['draft'] } }),
      response('o', 3, { answers: {} }),
    ];
    expect(distribution(MULTIPLE, responses)).toEqual({
      answered: 2,
      options: [
        { optionId: 'draft', count: 2, percent: 100 },
        { optionId: 'summary', count: 1, percent: 50 },
      ],
      mean: null,
      median: null,
    });
  });
});

describe('tallying a survey', () => {
  const names = new Map([['agency', 'デジタル庁'], ['city', '横須賀市']]);

  it('breaks results down by organisation and by most used model, merging small groups into 「その他」', () => {
    const responses = [
      ...[5, 5, 4, 4, 3, 3, 2, 1].map((point) => response('agency', point, { modelIds: ['echo', 'busy'] })),
      ...[1, 2, 2, 3, 3, 4].map((point) => response('city', point, { modelIds: [] })),
      ...[5, 5].map((point) => response('tiny', point, { modelIds: ['echo'] })),
    ];
    const [result] = tallySurvey([LIKERT], responses, names, 5);
    expect(result.overall?.answered).toBe(16);
    // 横須賀市 (6) could be shown, but the rest (2) could then be read off by subtraction: both go into その他.
    expect(result.byOrganization.map((g) => [g.group, g.responses, g.mean])).toEqual([
      [{ kind: 'organization', id: 'agency', name: 'デジタル庁' }, 8, 3.38],
      [{ kind: 'other' }, 8, 3.13],
    ]);
    expect(result.byModel.map((g) => [g.group, g.responses])).toEqual([
      [{ kind: 'model', id: 'echo' }, 10],
      [{ kind: 'no_model' }, 6],
    ]);
  });

  it('shows only the count when fewer than the minimum responded', () => {
    const [likert, comment] = tallySurvey([LIKERT, COMMENT], [response('agency', 5, { answers: { useful: 5, comment: '便利' } })], names, 5);
    expect(likert).toMatchObject({ overall: null, byOrganization: [], byModel: [], texts: null });
    expect(comment.texts).toBeNull();
  });

  it('lists free text without attribution, sorted, once enough responded', () => {
    const comments = ['速い', '要約が便利', '', '誤りが多い', 'もっと長文に対応してほしい'];
    const responses = comments.map((comment, index) => response(index % 2 ? 'agency' : 'city', 3, { answers: { useful: 3, comment } }));
    const [, result] = tallySurvey([LIKERT, COMMENT], responses, names, 5);
    expect(result.texts).toEqual([...comments.filter(Boolean)].sort((a, b) => a.localeCompare(b, 'ja')));
    expect(result.overall).toMatchObject({ answered: 4, options: [] });
  });
});
