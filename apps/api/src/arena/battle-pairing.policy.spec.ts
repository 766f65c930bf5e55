import { SeededRandom } from '@gennai/arena-stats';
import { describe, expect, it } from 'vitest';
import { catalogEntry as entry } from '../gateway/catalog/catalog-entry.fixture';
import type { Caller } from '../identity/caller';
import { battleCandidates } from './battle-candidates';
import { type BattlePair, BattlePairingPolicy, pairKey } from './battle-pairing.policy';

/** A deterministic Math.random stand-in, so a failing draw can be replayed. */
const seeded = (seed: number) => {
  const random = new SeededRandom(seed);
  return () => random.next();
};


const caller: Caller = { userId: 'u1', organizationId: 'org-a', roles: ['user'], disabledModelIds: ['switched-off'] };

/** A catalogue with every reason a model may not take part, beside four that may. */
const CATALOGUE = [
  entry('plamo'),
  entry('tsuzumi', { maxInformationClass: 3 }),
  entry('cotomi'),
  entry('llm-jp', { maxInformationClass: 3 }),
  entry('class-one-only', { maxInformationClass: 1 }),
  entry('other-organisation', { access: { organizationIds: ['org-b'], roles: [] } }),
  entry('evaluators-only', { access: { organizationIds: [], roles: ['evaluator'] } }),
  entry('disabled', { enabled: false }),
  entry('switched-off'),
  entry('demo', { demo: true }),
];

/** Draws battles one after another, counting each as the API does, and returns the pairs drawn. */
function draw(policy: BattlePairingPolicy, candidates: string[], battles: number): BattlePair[] {
  const counts = new Map<string, number>();
  const drawn: BattlePair[] = [];
  for (let i = 0; i < battles; i++) {
    const pair = policy.choose(candidates, counts);
    if (!pair) throw new Error('no pair');
    counts.set(pairKey(pair.a, pair.b), (counts.get(pairKey(pair.a, pair.b)) ?? 0) + 1);
    drawn.push(pair);
  }
  return drawn;
}

describe('battle candidates', () => {
  it('are the models the caller may use for the information class, never a demo model', () => {
    expect(battleCandidates(caller, CATALOGUE, 2).sort()).toEqual(['cotomi', 'llm-jp', 'plamo', 'tsuzumi']);
    expect(battleCandidates(caller, CATALOGUE, 3).sort()).toEqual(['llm-jp', 'tsuzumi']);
    expect(battleCandidates(caller, CATALOGUE, 1)).toContain('class-one-only');
  });

  it('include role-restricted models only for callers with the role', () => {
    expect(battleCandidates({ ...caller, roles: ['user', 'evaluator'] }, CATALOGUE, 2)).toContain('evaluators-only');
  });
});

describe('battle pairing policy', () => {
  it('refuses to pair fewer than two models', () => {
    const policy = new BattlePairingPolicy(seeded(1));
    expect(policy.choose([], new Map())).toBeNull();
    expect(policy.choose(['plamo'], new Map())).toBeNull();
    expect(policy.choose(['plamo', 'plamo'], new Map())).toBeNull();
  });

  it('picks the pair with the fewest battles so far', () => {
    const counts = new Map([
      [pairKey('plamo', 'tsuzumi'), 10],
      [pairKey('plamo', 'cotomi'), 10],
      [pairKey('cotomi', 'tsuzumi'), 3],
    ]);
    const policy = new BattlePairingPolicy(seeded(2));
    for (let i = 0; i < 20; i++) {
      const pair = policy.choose(['plamo', 'tsuzumi', 'cotomi'], counts)!;
      expect([pair.a, pair.b].sort()).toEqual(['cotomi', 'tsuzumi']);
    }
  });

  it('over many draws balances every pair within one battle and never uses a model outside the candidates', () => {
    for (const informationClass of [1, 2, 3] as const) {
      const candidates = battleCandidates(caller, CATALOGUE, informationClass);
      const drawn = draw(new BattlePairingPolicy(seeded(informationClass)), candidates, 600);
      const perPair = new Map<string, number>();
      for (const pair of drawn) {
        expect(pair.a).not.toBe(pair.b);
        expect(candidates).toContain(pair.a);
        expect(candidates).toContain(pair.b);
        const ceiling = CATALOGUE.find((e) => e.id === pair.a)!.maxInformationClass;
        expect(ceiling).toBeGreaterThanOrEqual(informationClass);
        perPair.set(pairKey(pair.a, pair.b), (perPair.get(pairKey(pair.a, pair.b)) ?? 0) + 1);
      }
      const pairs = (candidates.length * (candidates.length - 1)) / 2;
      expect(perPair.size).toBe(pairs);
      expect(Math.max(...perPair.values()) - Math.min(...perPair.values())).toBeLessThanOrEqual(1);
    }
  });

  it('puts each model on the left about half the time', () => {
    const drawn = draw(new BattlePairingPolicy(seeded(7)), ['plamo', 'tsuzumi', 'cotomi', 'llm-jp'], 4000);
    for (const model of ['plamo', 'tsuzumi', 'cotomi', 'llm-jp']) {
      const shown = drawn.filter((p) => p.a === model || p.b === model);
      const left = shown.filter((p) => p.a === model).length / shown.length;
      // 2000 appearances: a fair coin stays within ±0.05 of one half far beyond 3 standard deviations (0.034).
      expect(Math.abs(left - 0.5)).toBeLessThan(0.05);
    }
  });

  it('breaks ties at random rather than always taking the first pair', () => {
    const policy = new BattlePairingPolicy(seeded(11));
    const first = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const pair = policy.choose(['plamo', 'tsuzumi', 'cotomi', 'llm-jp'], new Map())!;
      first.add(pairKey(pair.a, pair.b));
    }
    expect(first.size).toBe(6);
  });
});
