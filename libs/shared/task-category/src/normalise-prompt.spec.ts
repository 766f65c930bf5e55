import { describe, expect, it } from 'vitest';
import { normalisePrompt } from './normalise-prompt';

describe('normalisePrompt', () => {
  it('folds full-width Latin letters and digits to lower-case ASCII', () => {
    expect(normalisePrompt('ＳＱＬで２０２４年')).toBe('sqlで2024年');
  });

  it('turns half-width katakana into full-width, joining voiced marks', () => {
    expect(normalisePrompt('ﾊﾟｲｿﾝのｺｰﾄﾞ')).toBe('パイソンのコード');
  });

  it('leaves Japanese punctuation a cue may rely on', () => {
    expect(normalisePrompt('「要約」、お願いします。')).toBe('「要約」、お願いします。');
  });
});
