import { describe, expect, it } from 'vitest';
import { classifyTask } from './classify-task';
import { defineCues } from './cues/define-cues';

const cuesOf = (text: string) => classifyTask(text).signals.map((signal) => signal.cue);

describe('classifyTask', () => {
  it('recognises a request to summarise and names the cue that decided it', () => {
    const result = classifyTask('この通知の要点を3行でまとめてください。');
    expect(result.category).toBe('summarization');
    expect(result.signals[0]).toMatchObject({ cue: 'summarization.summarize', zone: 'instruction', matched: '要点' });
  });

  it('reads full-width and half-width spellings alike', () => {
    expect(classifyTask('ＳＱＬで月別の件数を出すクエリを書いて').category).toBe('coding');
    expect(classifyTask('ﾊﾟｲｿﾝで住所を分割したい').category).toBe('coding');
    expect(classifyTask('この文章をＥｎｇｌｉｓｈに translate して').category).toBe('translation');
  });

  it('counts keywords inside pasted material for less than the request around it', () => {
    const pasted = ['本市では多言語での案内のため翻訳ボランティアを募集した。', 'アンケートを集計した結果、満足度は高かった。'.repeat(20), '（担当：市民協働課）'].join('\n');
    const result = classifyTask(`以下の文書を要約してください。\n\n${pasted}`);
    expect(result.category).toBe('summarization');
    const translate = result.signals.find((s) => s.cue === 'translation.translate');
    expect(translate?.zone).toBe('material');
    expect(translate?.weight).toBeCloseTo(0.9);
  });

  it('ignores a task the request rules out', () => {
    expect(classifyTask('要約ではなく、誤字だけ直してください。').category).toBe('proofreading');
    expect(cuesOf('要約ではなく、誤字だけ直してください。')).not.toContain('summarization.summarize');
  });

  it('treats a fenced block of code as a coding request', () => {
    const result = classifyTask('```\nfor f in *.log; do gzip $f; done\n```\nこれ動きません');
    expect(result.category).toBe('coding');
    expect(result.signals).toContainEqual({ cue: 'coding.code-fence', category: 'coding', zone: 'shape', weight: 2, matched: '' });
  });

  it('sends an English passage with a short Japanese request to translation', () => {
    const english = 'We are pleased to inform you that the orientation for new residents will be held at the city hall on April 5.';
    expect(classifyTask(`${english}\nこれを住民向けにお願いします。`).category).toBe('translation');
  });

  it('tells a rewrite into plain Japanese from a translation', () => {
    expect(classifyTask('この案内をやさしい日本語に書き換えてください。').category).toBe('proofreading');
    expect(classifyTask('この案内を中国語（繁体字）に書き換えてください。').category).toBe('translation');
  });

  it('does not take the name of a planning office for a request to plan', () => {
    const result = classifyTask('企画課の佐藤です。有給休暇はあと何日残っていますか。');
    expect(result.category).toBe('qa');
    expect(result.signals.map((s) => s.cue)).not.toContain('planning.plan');
  });

  it('answers other with zero confidence when no cue fired, so a judge knows to look', () => {
    expect(classifyTask('うーん')).toMatchObject({ category: 'other', confidence: 0, signals: [] });
    expect(classifyTask('')).toMatchObject({ category: 'other', confidence: 0 });
  });

  it('is less confident when two tasks compete than when one is asked plainly', () => {
    const plain = classifyTask('この報告書を要約してください。');
    const mixed = classifyTask('この報告書を要約して、英訳もしてください。');
    expect(plain.confidence).toBeGreaterThan(mixed.confidence);
    expect(plain.confidence).toBeGreaterThan(0.5);
    expect(plain.confidence).toBeLessThanOrEqual(1);
  });

  it('breaks a tie in favour of the more specific task', () => {
    const result = classifyTask('翻訳してください。');
    expect(result.scores.translation).toBe(3);
    expect(result.category).toBe('translation');
  });

  it("adds an organisation's own cues to the built-in ones", () => {
    const extraCues = defineCues('research', [['e-gov', 3, /e-gov/]]);
    const result = classifyTask('e-Govで根拠を確認', { extraCues });
    expect(result.category).toBe('research');
    expect(result.signals[0]).toMatchObject({ cue: 'research.e-gov', matched: 'e-gov' });
  });

  it('refuses a cue whose pattern is global, since a shared lastIndex would skip matches', () => {
    expect(() => defineCues('qa', [['bad', 1, /x/g]])).toThrow(/must not be global/);
  });
});
