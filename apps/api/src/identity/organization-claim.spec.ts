import { describe, expect, it } from 'vitest';
import { parseOrganizationClaim, parseUnitPath } from './organization-claim';

describe('parseOrganizationClaim', () => {
  it('reads the mixed array Keycloak sends with the organization scope and an attributes mapper', () => {
    const claim = ['digital-agency', { 'digital-agency': { id: 'kc-1', 'gennai.provision': ['true'], 'gennai.name': ['デジタル庁'] } }];
    expect(parseOrganizationClaim(claim)).toEqual([{ alias: 'digital-agency', keycloakId: 'kc-1', name: 'デジタル庁', provision: true }]);
  });

  it('reads aliases alone, a plain string, and several organisations', () => {
    expect(parseOrganizationClaim(['a-city', 'b-town'])).toEqual([
      { alias: 'a-city', keycloakId: null, name: null, provision: false },
      { alias: 'b-town', keycloakId: null, name: null, provision: false },
    ]);
    expect(parseOrganizationClaim('yokosuka-city')).toEqual([{ alias: 'yokosuka-city', keycloakId: null, name: null, provision: false }]);
  });

  it('does not provision without the attribute set to true', () => {
    expect(parseOrganizationClaim({ 'x-city': { id: 'k', 'gennai.provision': ['false'] } })[0].provision).toBe(false);
    expect(parseOrganizationClaim({ 'x-city': { id: 'k' } })[0].provision).toBe(false);
  });

  it('ignores what cannot be an alias', () => {
    expect(parseOrganizationClaim(['Bad Alias', '', 42, null, { '../x': {} }])).toEqual([]);
    expect(parseOrganizationClaim(undefined)).toEqual([]);
  });
});

describe('parseUnitPath', () => {
  it('splits a unit path and trims its parts', () => {
    expect(parseUnitPath(' 情報システム局 / 総務課 ')).toEqual(['情報システム局', '総務課']);
    expect(parseUnitPath(['市民部/市民課/窓口係'])).toEqual(['市民部', '市民課', '窓口係']);
  });

  it('treats empty, too deep or non-text values as no unit', () => {
    expect(parseUnitPath('')).toBeNull();
    expect(parseUnitPath('///')).toBeNull();
    expect(parseUnitPath(Array.from({ length: 9 }, (_, i) => `u${i}`).join('/'))).toBeNull();
    expect(parseUnitPath(3)).toBeNull();
  });
});
