import { describe, expect, it } from 'vitest';
import { countMarkdownElements } from './markdown-elements';

describe('countMarkdownElements', () => {
  it('counts nothing in plain prose, Japanese or English', () => {
    expect(countMarkdownElements('横須賀市の人口は約38万人です。\nPopulation is about 380,000 * 1.')).toBe(0);
  });

  it('counts headers of every level, but not a hash without a space (a hashtag)', () => {
    expect(countMarkdownElements('# 概要\n## 背景\n###### 細目\n#タグ')).toBe(3);
  });

  it('counts bulleted and numbered list items, indented ones too', () => {
    expect(countMarkdownElements('- 一つ目\n* 二つ目\n+ 三つ目\n  - 入れ子\n1. 手順\n2) 手順')).toBe(6);
  });

  it('counts every bold span on a line, with ** or __', () => {
    expect(countMarkdownElements('**重要**な点と__注意__点、そして**期限**。')).toBe(3);
  });

  it('counts a list item and the bold inside it separately', () => {
    expect(countMarkdownElements('- **期限**: 3月末')).toBe(2);
  });

  it('ignores what is inside fenced code blocks', () => {
    const answer = ['手順:', '```python', '# comment', '- not a list', 'x = a ** b ** c', '```', '- 実行する'].join('\n');
    expect(countMarkdownElements(answer)).toBe(1);
  });

  it('does not take a lone asterisk, an unclosed bold or a horizontal rule for markdown', () => {
    expect(countMarkdownElements('2 * 3 = 6\n**未完\n---\n* ')).toBe(0);
  });
});
