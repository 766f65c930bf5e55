import { describe, expect, it } from 'vitest';
import { toMatchableText } from './matchable-text';

describe('the matching form of a text', () => {
  it('is skipped entirely for text without digits or @', () => {
    expect(toMatchableText('会議の議事録を要約してください。')).toBeNull();
  });

  it('turns full-width digits, letters, @ and brackets into ASCII, one code unit for one', () => {
    const text = '電話（０３）１２３４－５６７８、ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ';
    const { normalised } = toMatchableText(text) ?? { normalised: '' };
    expect(normalised).toBe('電話(03)1234-5678、taro@example.jp');
    expect(normalised).toHaveLength(text.length);
  });

  it('reads every dash people type between digits as a hyphen, and ideographic spaces as spaces', () => {
    for (const dash of ['－', '‐', '‑', '‒', '–', '—', '―', '−', 'ｰ', 'ー']) {
      expect(toMatchableText(`090${dash}1234${dash}5678`)?.normalised).toBe('090-1234-5678');
    }
    expect(toMatchableText('1234　5678　9018')?.normalised).toBe('1234 5678 9018');
  });

  it('keeps the long vowel mark ー a letter where no digit touches it', () => {
    expect(toMatchableText('メールは3通')?.normalised).toBe('メールは3通');
  });
});
