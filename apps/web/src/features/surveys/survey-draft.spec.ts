import { describe, expect, it } from 'vitest';
import { organizationOptions } from './organization-options';
import { blankDraft, blankQuestion, changeKind, draftProblems, move, moveButtonAfter, nextId, surveyBody, type SurveyDraft } from './survey-draft';
import { ORGANIZATIONS } from './survey-fixtures';

const filled = (): SurveyDraft => ({
  ...blankDraft(new Date(2099, 3, 1, 9, 30)),
  title: { ja: ' 調査 ', en: 'Survey' },
  questions: [{ id: 'q1', kind: 'likert5', text: { ja: '役立つ', en: 'Helps' }, options: [], required: true }],
});

describe('survey draft', () => {
  it('opens a new survey at the next full hour for two weeks', () => {
    expect(blankDraft(new Date(2099, 3, 1, 9, 30))).toMatchObject({ opensAt: '2099-04-01T10:00', closesAt: '2099-04-15T10:00', questions: [] });
  });

  it('gives new questions and options the next free short id, within the API’s id pattern', () => {
    expect(nextId('q', [{ id: 'q1' }, { id: 'q3' }])).toBe('q4');
    expect(nextId('q', [{ id: 'q2' }])).toBe('q3');
    expect(nextId('o', [{ id: 'o2' }])).toBe('o3');
    expect(nextId('o', [])).toBe('o1');
  });

  it('starts a choice with two options, and drops them when the question becomes Likert or free text', () => {
    const question = blankQuestion('single', []);
    expect(question.options.map((option) => option.id)).toEqual(['o1', 'o2']);
    changeKind(question, 'multiple');
    expect(question.options).toHaveLength(2);
    changeKind(question, 'text');
    expect(question.options).toEqual([]);
  });

  it('finds missing text, too few options and a period that ends before it starts, by the API’s field paths', () => {
    const draft = filled();
    draft.title.en = '';
    draft.questions.push({ id: 'q2', kind: 'single', text: { ja: '用途', en: 'Use' }, options: [{ id: 'o1', text: { ja: 'a', en: '' } }], required: true });
    draft.closesAt = draft.opensAt;
    expect(draftProblems(draft)).toEqual({
      'title.en': '必須です',
      'questions.1.options': '選択肢を2個以上にしてください',
      'questions.1.options.0.text.en': '必須です',
      closesAt: '開始日時より後にしてください',
    });
    expect(draftProblems(filled())).toEqual({});
  });

  it('sends trimmed text and the period as instants', () => {
    const body = surveyBody(filled());
    expect(body.title).toEqual({ ja: '調査', en: 'Survey' });
    expect(body.opensAt).toBe(new Date(2099, 3, 1, 10).toISOString());
  });

  it('moves an item one place and keeps focus on a button that still works', () => {
    const items = ['a', 'b', 'c'];
    expect(move(items, 0, -1)).toBe(false);
    expect(move(items, 2, -1)).toBe(true);
    expect(items).toEqual(['a', 'c', 'b']);
    expect(moveButtonAfter(-1, 0, 3)).toBe('down');
    expect(moveButtonAfter(-1, 1, 3)).toBe('up');
    expect(moveButtonAfter(1, 2, 3)).toBe('up');
    expect(moveButtonAfter(1, 1, 3)).toBe('down');
  });

  it('lists organisations in tree order with their depth; a parent outside the list makes a top entry', () => {
    expect(organizationOptions(ORGANIZATIONS).map(({ name, depth }) => [name, depth])).toEqual([
      ['デジタル庁', 0],
      ['神奈川県', 0],
      ['横須賀市', 1],
    ]);
    expect(organizationOptions([ORGANIZATIONS[1]]).map(({ name, depth }) => [name, depth])).toEqual([['横須賀市', 0]]);
  });
});
