import { ROLES } from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import { DEMO_MODEL_VENDOR } from '../gateway/catalog/demo-models';
import { DEV_USERS, displayName } from './dev-users';

describe('demo users', () => {
  it('give every role to someone', () => {
    for (const role of ROLES) expect(DEV_USERS.some((user) => user.roles.includes(role)), role).toBe(true);
  });

  it('include a plain user in each of the two staff organisations', () => {
    const plain = DEV_USERS.filter((user) => user.roles.length === 1 && user.roles[0] === 'user');
    expect(new Set(plain.map((user) => user.organization.slug))).toEqual(new Set(['digital-agency', 'yokosuka-city']));
  });

  it('put the vendor user in an organisation of the demo models’ vendor, not in a staff organisation', () => {
    const vendors = DEV_USERS.filter((user) => user.roles.includes('vendor'));
    expect(vendors.map((user) => user.username)).toEqual(['kenta']);
    expect(vendors[0].organization).toMatchObject({ slug: 'demo-vendor', vendor: DEMO_MODEL_VENDOR });
    const staff = DEV_USERS.filter((user) => !user.roles.includes('vendor'));
    expect(staff.some((user) => user.organization.slug === 'demo-vendor' || user.organization.vendor)).toBe(false);
  });

  it('have unique usernames and stable UUID subjects', () => {
    expect(new Set(DEV_USERS.map((user) => user.username)).size).toBe(DEV_USERS.length);
    expect(new Set(DEV_USERS.map((user) => user.id)).size).toBe(DEV_USERS.length);
    for (const user of DEV_USERS) expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('show Japanese names family name first', () => {
    expect(displayName(DEV_USERS.find((user) => user.username === 'hanako')!)).toBe('デジタル 花子');
  });
});
