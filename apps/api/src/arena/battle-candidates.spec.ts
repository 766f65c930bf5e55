import { describe, expect, it } from 'vitest';
import { catalogEntry as entry } from '../gateway/catalog/catalog-entry.fixture';
import type { Caller } from '../identity/caller';
import { battleCandidates } from './battle-candidates';
import { BattlePairingPolicy } from './battle-pairing.policy';


const caller: Caller = { userId: 'u1', organizationId: 'org-a', roles: ['user'], disabledModelIds: [] };
/** The two built-in demo models as the catalogue builds them, with or without GENNAI_ARENA_DEMO_MODELS. */
const demos = (demoInArena: boolean) => [
  entry('demo', { source: 'built-in', providerType: 'demo', demo: true, demoInArena, maxInformationClass: 3 }),
  entry('demo-brief', { source: 'built-in', providerType: 'demo', demo: true, demoInArena, maxInformationClass: 3 }),
];

describe('battle candidates and the demo models', () => {
  it('leaves the demo models out by default, so a platform with one real model has nothing to compare', () => {
    const catalogue = [entry('plamo'), ...demos(false)];
    expect(battleCandidates(caller, catalogue, 2)).toEqual(['plamo']);
    expect(new BattlePairingPolicy().choose(battleCandidates(caller, catalogue, 2), new Map())).toBeNull();
  });

  it('pairs the two demo models when comparisons may pick them (npm start without a real model)', () => {
    const candidates = battleCandidates(caller, demos(true), 3);
    expect(candidates).toEqual(['demo', 'demo-brief']);
    const pair = new BattlePairingPolicy().choose(candidates, new Map());
    expect([pair?.a, pair?.b].sort()).toEqual(['demo', 'demo-brief']);
  });

  it('still applies the gateway’s rules to admitted demo models', () => {
    const catalogue = demos(true).map((model) => ({ ...model, access: { organizationIds: ['org-b'], roles: [] } }));
    expect(battleCandidates(caller, catalogue, 2)).toEqual([]);
    expect(battleCandidates({ ...caller, disabledModelIds: ['demo-brief'] }, demos(true), 2)).toEqual(['demo']);
  });
});
