import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random';
import { pickWeighted } from './weighted-pick';

const all = () => true;

describe('pickWeighted', () => {
  it('chooses each item in proportion to its weight', () => {
    const items = [{ id: 'a', weight: 5 }, { id: 'b', weight: 3 }, { id: 'c', weight: 2 }];
    const random = seededRandom(7);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[pickWeighted(items, all, random)!.id] += 1;
    expect(counts.a / 10_000).toBeCloseTo(0.5, 1);
    expect(counts.b / 10_000).toBeCloseTo(0.3, 1);
    expect(counts.c / 10_000).toBeCloseTo(0.2, 1);
  });

  it('uses a standby (weight 0) only when no weighted item is eligible, sharing evenly among standbys', () => {
    const items = [{ id: 'main', weight: 1 }, { id: 's1', weight: 0 }, { id: 's2', weight: 0 }];
    const random = seededRandom(3);
    for (let i = 0; i < 100; i++) expect(pickWeighted(items, all, random)!.id).toBe('main');
    const counts: Record<string, number> = { s1: 0, s2: 0 };
    for (let i = 0; i < 1_000; i++) counts[pickWeighted(items, (item) => item.id !== 'main', random)!.id] += 1;
    expect(counts.s1).toBeGreaterThan(400);
    expect(counts.s2).toBeGreaterThan(400);
  });

  it('skips ineligible items and returns undefined when none is eligible', () => {
    const items = [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }];
    expect(pickWeighted(items, (_, index) => index === 1, () => 0)!.id).toBe('b');
    expect(pickWeighted(items, () => false)).toBeUndefined();
    expect(pickWeighted([], all)).toBeUndefined();
  });

  it('returns an eligible item even when random() comes out at the very top of its range', () => {
    const items = [{ id: 'a', weight: 0.1 }, { id: 'b', weight: 0.2 }];
    expect(pickWeighted(items, all, () => 0.999_999_999_999)!.id).toBe('b');
  });
});
