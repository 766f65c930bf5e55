import { describe, expect, it } from 'vitest';
import { type BattleRow, type LineContext, type RatingRow, battleLines, masked, ratingLine } from './vendor-feedback.row';
import { VendorPseudonyms } from './vendor-pseudonyms';

const KEY = Buffer.alloc(32, 7);

const context = (overrides: Partial<LineContext> = {}): LineContext => ({
  pseudonyms: new VendorPseudonyms(KEY, 'Acme AI'),
  modelIds: new Set(['acme-1', 'acme-2']),
  ownModelIds: new Set(['acme-1', 'acme-2']),
  organizationLevel: () => 1,
  domestic: (modelId) => (modelId === 'gone' ? null : modelId.startsWith('jp-')),
  ...overrides,
});

const battle = (overrides: Partial<BattleRow> = {}): BattleRow => ({
  id: '0190a5f2-0000-7000-8000-000000000001',
  user_id: '0190a5f2-0000-7000-8000-0000000000aa',
  organization_id: 'org',
  app: 'arena',
  task_category: 'summarization',
  day: '2026-04-01',
  sharing: 'ratings_only',
  model_a: 'acme-1',
  model_b: 'jp-rival',
  winner: 'a',
  prompt: '090-1234-5678 に電話して',
  answer_a: 'はい',
  answer_b: '他社の回答',
  ...overrides,
});

describe('vendor pseudonyms', () => {
  it('gives a user the same pseudonym in every export of one vendor', () => {
    const once = new VendorPseudonyms(KEY, 'Acme AI').user('user-1');
    expect(new VendorPseudonyms(KEY, 'Acme AI').user('user-1')).toBe(once);
    expect(once).toMatch(/^u_[A-Za-z0-9_-]{22}$/);
    expect(once).not.toContain('user-1');
  });

  it('gives the same user a different pseudonym for another vendor, and for another platform key', () => {
    const acme = new VendorPseudonyms(KEY, 'Acme AI').user('user-1');
    expect(new VendorPseudonyms(KEY, 'Other AI').user('user-1')).not.toBe(acme);
    expect(new VendorPseudonyms(Buffer.alloc(32, 8), 'Acme AI').user('user-1')).not.toBe(acme);
  });

  it('never lets a record pseudonym equal a user pseudonym of the same id', () => {
    const pseudonyms = new VendorPseudonyms(KEY, 'Acme AI');
    expect(pseudonyms.record('rating', 'x').slice(2)).not.toBe(pseudonyms.user('x').slice(2));
  });
});

describe('vendor feedback lines', () => {
  it('masks personal data in comments, prompts and answers, labelled by kind', () => {
    expect(masked('連絡先は taro@example.go.jp と 090-1234-5678 です')).toBe('連絡先は ［メールアドレス］ と ［電話番号］ です');
    expect(masked(null)).toBeNull();
  });

  it('turns a rating into a pseudonymised line without the platform ids', () => {
    const row: RatingRow = {
      id: 'rating-id',
      user_id: 'user-id',
      organization_id: 'org',
      model_id: 'acme-1',
      value: 'dislike',
      tags: ['inaccurate'],
      comment: '折り返しは 03-1234-5678 まで',
      app: 'chat',
      task_category: 'qa',
      day: '2026-04-01',
      prompt: null,
      answer: null,
    };
    const line = ratingLine(row, context());
    expect(line).toMatchObject({ type: 'rating', modelId: 'acme-1', value: 'dislike', tags: ['inaccurate'], comment: '折り返しは ［電話番号］ まで', organizationLevel: 1, prompt: null, answer: null });
    expect(JSON.stringify(line)).not.toMatch(/rating-id|user-id|org"/);
  });

  it('reports a battle from the vendor model’s side, naming another vendor’s model only as domestic or not', () => {
    expect(battleLines(battle({ winner: 'a' }), context())).toMatchObject([{ modelId: 'acme-1', result: 'win', opponent: { own: false, domestic: true } }]);
    expect(battleLines(battle({ model_a: 'us-rival', model_b: 'acme-1', winner: 'a' }), context())).toMatchObject([
      { modelId: 'acme-1', result: 'loss', opponent: { own: false, domestic: false } },
    ]);
    expect(battleLines(battle({ model_b: 'gone', winner: 'both_bad' }), context())[0]).toMatchObject({ result: 'both_bad', opponent: { own: false, domestic: null } });
  });

  it('writes a battle between two of the vendor’s models from each side, naming the other', () => {
    const lines = battleLines(battle({ model_b: 'acme-2', winner: 'tie' }), context());
    expect(lines.map((line) => [line.modelId, line.result, line.opponent])).toEqual([
      ['acme-1', 'tie', { own: true, modelId: 'acme-2' }],
      ['acme-2', 'tie', { own: true, modelId: 'acme-1' }],
    ]);
    expect(new Set(lines.map((line) => line.id)).size).toBe(2);
  });

  it('includes the prompt and only the vendor’s own answer, masked, where the organisation shares text', () => {
    const [line] = battleLines(battle({ sharing: 'with_text' }), context());
    expect(line).toMatchObject({ prompt: '［電話番号］ に電話して', answer: 'はい' });
    expect(JSON.stringify(line)).not.toContain('他社の回答');
    expect(battleLines(battle(), context())[0]).toMatchObject({ prompt: null, answer: null });
  });
});
