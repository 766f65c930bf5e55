import { describe, expect, it } from 'vitest';
import { KEYWORD_CUES } from './cues';
import { TASK_CATEGORIES, TASK_CATEGORY_LABELS, isTaskCategory } from './task-category';

describe('task categories', () => {
  it('has a Japanese and an English label for every category', () => {
    for (const locale of ['ja', 'en'] as const) for (const category of TASK_CATEGORIES) expect(TASK_CATEGORY_LABELS[locale][category]).toMatch(/\S/);
  });

  it('recognises its own ids and nothing else', () => {
    expect(isTaskCategory('translation')).toBe(true);
    expect(isTaskCategory('Translation')).toBe(false);
    expect(isTaskCategory(3)).toBe(false);
  });

  it('gives every category cues, with unique ids', () => {
    for (const category of TASK_CATEGORIES) expect(KEYWORD_CUES.some((cue) => cue.category === category), category).toBe(true);
    expect(new Set(KEYWORD_CUES.map((cue) => cue.id)).size).toBe(KEYWORD_CUES.length);
  });
});
