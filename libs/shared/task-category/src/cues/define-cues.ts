import type { TaskCategory } from '../task-category';
import type { TaskCue } from '../task-cue';

/** `[short name, weight, pattern]` — one line per cue keeps each category's file readable as a table. */
export type CueRow = readonly [name: string, weight: number, pattern: RegExp];

export function defineCues(category: TaskCategory, rows: readonly CueRow[]): readonly TaskCue[] {
  return rows.map(([name, weight, pattern]) => {
    if (pattern.global || pattern.sticky) throw new Error(`cue ${category}.${name}: pattern must not be global or sticky`);
    return { id: `${category}.${name}`, category, pattern, weight };
  });
}
