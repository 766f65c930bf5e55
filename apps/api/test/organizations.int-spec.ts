import type {
  ApiErrorView,
  AuditEntryPageView,
  ConversationSummaryView,
  MeView,
  ModelView,
  OrganizationMemberView,
  OrganizationModelView,
  OrganizationNodeView,
  QuotaRuleView,
} from '@gennai/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TREE_REFRESH_MS } from '../src/organizations/organization-scope';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';

/**
 * The organisation tree (docs/operator/identity.md, docs/operator/organizations.md) with real Keycloak tokens: what the
 * first sign-in of an organisation's staff creates, what the realm forbids, and what platform and organisation
 * administrators may change — and that a change to the tree changes whom an administrator's scope covers.
 */
describe('the organisation tree', () => {
  let api: TestApi;
  let dave: ApiClient; // platform_admin, デジタル庁
  let frank: ApiClient; // auditor + platform_admin: reads every organisation's audit log
  let carol: ApiClient; // org_admin, デジタル庁
  let agency: MeView['organization'];
  let city: MeView['organization'];

  beforeAll(async () => {
    api = await startTestApi();
    dave = new ApiClient(api.url, 'dave');
    frank = new ApiClient(api.url, 'frank');
    carol = new ApiClient(api.url, 'carol');
    agency = (await carol.json<MeView>('GET', '/api/me')).organization;
    city = (await new ApiClient(api.url, 'bob').json<MeView>('GET', '/api/me')).organization;
  });
  afterAll(() => api?.close());

  const tree = () => dave.json<OrganizationNodeView[]>('GET', '/api/admin/organizations');
  const nodesOf = async (organizationId: string) => (await tree()).filter((node) => node.organizationId === organizationId);
  const error = async (response: Response) => ({ status: response.status, body: (await response.json()) as ApiErrorView });
  /** The platform's admin.* audit entries about one node, oldest first. */
  const auditOf = async (id: string) =>
    (await frank.json<AuditEntryPageView>('GET', `/api/audit/entries?action=admin.*&targetType=organization&targetId=${id}`)).items.map((e) => e.action).reverse();

  describe('sign-in', () => {
    let ivan: MeView;

    it('creates the organisation, named by the realm, and the units of the member’s path at the first sign-in', async () => {
      ivan = await new ApiClient(api.url, 'ivan').json<MeView>('GET', '/api/me');
      expect(ivan.organization).toMatchObject({ slug: 'kanagawa-pref', name: '神奈川県' });
      expect(ivan.unit).toMatchObject({ name: '情報システム課' });

      const nodes = await nodesOf(ivan.organization.id);
      const bureau = nodes.find((node) => node.name === '総務局');
      expect(nodes.map((node) => [node.kind, node.name]).sort()).toEqual([
        ['organization', '神奈川県'],
        ['unit', '情報システム課'],
        ['unit', '総務局'],
      ]);
      expect(bureau).toMatchObject({ kind: 'unit', parentId: ivan.organization.id });
      expect(nodes.find((node) => node.id === ivan.unit!.id)).toMatchObject({ parentId: bureau!.id, memberCount: 1, settings: null });
      expect(await auditOf(ivan.organization.id)).toEqual([]); // created by a sign-in, not by an administrator
    });

    it('puts a second member with the same path into the same units, and keeps an administrator’s new name', async () => {
      const renamed = await dave.json<OrganizationNodeView>('PATCH', `/api/admin/organizations/${ivan.unit!.id}`, { name: 'デジタル推進課' });
      expect(renamed.name).toBe('デジタル推進課');

      const judy = await new ApiClient(api.url, 'judy').json<MeView>('GET', '/api/me');
      expect(judy.organization.id).toBe(ivan.organization.id);
      expect(judy.unit).toEqual({ id: ivan.unit!.id, name: 'デジタル推進課' });
      const nodes = await nodesOf(ivan.organization.id);
      expect(nodes).toHaveLength(3);
      expect(nodes.find((node) => node.id === ivan.unit!.id)).toMatchObject({ name: 'デジタル推進課', memberCount: 2 });
    });

    it('refuses a member of an organisation the realm does not let Gennai create, creating nothing, until a platform admin registers it', async () => {
      for (const [locale, text] of [
        ['ja', '組織「chiba-pref」はGennaiに登録されていないため、サインインできません。'],
        ['en', 'The organisation "chiba-pref" is not registered in Gennai'],
      ] as const) {
        const refused = await error(await new ApiClient(api.url, 'mallory', locale).request('GET', '/api/me'));
        expect(refused).toMatchObject({ status: 403, body: { code: 'organization_not_registered' } });
        expect(refused.body.message).toContain(text);
      }
      expect(await api.db.query(`SELECT 1 FROM organizations WHERE slug = 'chiba-pref'`)).toEqual([]);
      expect(await api.db.query(`SELECT 1 FROM users WHERE username = 'mallory'`)).toEqual([]);

      const chiba = await dave.json<OrganizationNodeView>('POST', '/api/admin/organizations', { kind: 'organization', slug: 'chiba-pref', name: '千葉県' });
      const mallory = await new ApiClient(api.url, 'mallory').json<MeView>('GET', '/api/me');
      expect(mallory.organization).toEqual({ id: chiba.id, slug: 'chiba-pref', name: '千葉県' });
      expect(await dave.json<OrganizationNodeView>('GET', `/api/admin/organizations/${chiba.id}`)).toMatchObject({ linkedToKeycloak: true, memberCount: 1 });
    });

    it('refuses a user who belongs to no organisation', async () => {
      const refused = await error(await new ApiClient(api.url, 'oscar').request('GET', '/api/me'));
      expect(refused).toMatchObject({ status: 403, body: { code: 'no_organization' } });
      expect(refused.body.message).toContain('所属組織を確認できない');
      expect(await api.db.query(`SELECT 1 FROM users WHERE username = 'oscar'`)).toEqual([]);
    });
  });

  describe('platform administrators', () => {
    it('create, rename, move and delete organisations and units, keeping the tree a tree, and every change is audited', async () => {
      const ministry = await dave.json<OrganizationNodeView>('POST', '/api/admin/organizations', { kind: 'organization', slug: 'test-ministry', name: '試験省' });
      const agencyUnder = await dave.json<OrganizationNodeView>('POST', '/api/admin/organizations', {
        kind: 'organization',
        slug: 'test-agency',
        name: '試験庁',
        parentId: ministry.id,
      });
      const section = await dave.json<OrganizationNodeView>('POST', '/api/admin/organizations', { kind: 'unit', name: '総務課', parentId: agencyUnder.id });
      expect(agencyUnder).toMatchObject({ kind: 'organization', parentId: ministry.id, organizationId: agencyUnder.id, linkedToKeycloak: false });
      expect(section).toMatchObject({ kind: 'unit', parentId: agencyUnder.id, organizationId: agencyUnder.id, settings: null });

      const cycle = await error(await dave.request('PATCH', `/api/admin/organizations/${ministry.id}`, { parentId: agencyUnder.id }));
      expect(cycle).toMatchObject({ status: 422, body: { code: 'organization_cycle', message: '組織を自身の配下に移動することはできません。' } });
      expect((await error(await dave.request('PATCH', `/api/admin/organizations/${section.id}`, { parentId: null }))).status).toBe(422);

      expect(await dave.json('PATCH', `/api/admin/organizations/${agencyUnder.id}`, { name: '試験実施庁' })).toMatchObject({ name: '試験実施庁' });
      expect(await dave.json('PATCH', `/api/admin/organizations/${agencyUnder.id}`, { parentId: null })).toMatchObject({ parentId: null });
      expect(await dave.json('PATCH', `/api/admin/organizations/${agencyUnder.id}`, { parentId: ministry.id })).toMatchObject({ parentId: ministry.id });

      const notEmpty = await error(await dave.request('DELETE', `/api/admin/organizations/${ministry.id}`));
      expect(notEmpty).toMatchObject({ status: 409, body: { code: 'organization_not_empty' } });
      expect(notEmpty.body.message).toContain('試験省');
      expect((await error(await dave.request('DELETE', `/api/admin/organizations/${city.id}`))).status).toBe(409); // bob is a member

      for (const node of [section, agencyUnder, ministry]) expect((await dave.request('DELETE', `/api/admin/organizations/${node.id}`)).status).toBe(204);
      expect((await tree()).map((node) => node.id)).not.toContain(ministry.id);
      expect((await dave.request('GET', `/api/admin/organizations/${ministry.id}`)).status).toBe(404);

      await expect.poll(() => auditOf(agencyUnder.id)).toEqual([
        'admin.organization_created',
        'admin.organization_updated',
        'admin.organization_updated',
        'admin.organization_updated',
        'admin.organization_deleted',
      ]);
      expect(await auditOf(ministry.id)).toEqual(['admin.organization_created', 'admin.organization_deleted']);
      expect(await auditOf(section.id)).toEqual(['admin.organization_created', 'admin.organization_deleted']);
    });
  });

  describe('organisation administrators', () => {
    it('change their own organisation’s settings but not its name or place, and cannot see another organisation', async () => {
      const updated = await carol.json<OrganizationNodeView>('PATCH', `/api/admin/organizations/${agency.id}`, { settings: { piiPolicy: 'mask' } });
      expect(updated).toMatchObject({ id: agency.id, canEditSettings: true, canEditNode: false, settings: { piiPolicy: 'mask' } });
      expect(await frank.json<AuditEntryPageView>('GET', `/api/audit/entries?action=admin.*&targetId=${agency.id}`)).toMatchObject({
        items: [{ action: 'admin.organization_updated', actor: { displayName: expect.stringContaining('Carol') } }],
      });

      expect(await error(await carol.request('PATCH', `/api/admin/organizations/${agency.id}`, { name: '乗っ取り庁' }))).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      expect((await error(await carol.request('PATCH', `/api/admin/organizations/${agency.id}`, { parentId: city.id }))).status).toBe(403);
      expect((await carol.request('GET', `/api/admin/organizations/${city.id}`)).status).toBe(404);
      expect((await carol.request('PATCH', `/api/admin/organizations/${city.id}`, { settings: { piiPolicy: 'block' } })).status).toBe(404);
      expect((await dave.json<OrganizationNodeView>('GET', `/api/admin/organizations/${city.id}`)).settings?.piiPolicy).toBe('warn');
      await carol.json('PATCH', `/api/admin/organizations/${agency.id}`, { settings: { piiPolicy: 'warn' } });
    });

    it('switch a model off for their members: it leaves the model list and chat refuses it, in their organisation only', async () => {
      const alice = new ApiClient(api.url, 'alice');
      const bob = new ApiClient(api.url, 'bob');
      const before = await alice.json<ConversationSummaryView>('POST', '/api/conversations', { modelId: 'busy' });
      await carol.json('PATCH', `/api/admin/organizations/${agency.id}`, { settings: { disabledModelIds: ['busy'] } });
      try {
        expect((await alice.json<ModelView[]>('GET', '/api/models')).map((m) => m.id)).not.toContain('busy');
        expect((await bob.json<ModelView[]>('GET', '/api/models')).map((m) => m.id)).toContain('busy');
        const notAllowed = { status: 403, body: { code: 'model_not_allowed', message: expect.stringContaining('Busy (test)') } };
        expect(await error(await alice.request('POST', '/api/conversations', { modelId: 'busy' }))).toMatchObject(notAllowed);
        // A conversation started before the switch cannot go on with it: refused before anything is stored or sent.
        expect(await error(await alice.request('POST', `/api/conversations/${before.id}/messages`, { content: 'まだ使える？' }))).toMatchObject(notAllowed);
        expect(await carol.json<OrganizationModelView[]>('GET', `/api/admin/organizations/${agency.id}/models`)).toEqual(
          expect.arrayContaining([expect.objectContaining({ id: 'busy', disabledByOrganization: true }), expect.objectContaining({ id: 'echo', disabledByOrganization: false })]),
        );
      } finally {
        await carol.json('PATCH', `/api/admin/organizations/${agency.id}`, { settings: { disabledModelIds: [] } });
      }
      expect((await alice.json<ModelView[]>('GET', '/api/models')).map((m) => m.id)).toContain('busy');
    });
  });

  it('gives an organisation’s administrators the organisations moved under it (quotas, usage, the tree) within the refresh interval', async () => {
    expect((await carol.request('GET', `/api/admin/organizations/${city.id}`)).status).toBe(404);
    expect((await carol.request('GET', `/api/admin/usage?organizationId=${city.id}`)).status).toBe(404);
    const rule = { scope: 'user', organizationId: city.id, period: 'day', maxRequests: 50, maxTokens: null };
    expect((await carol.request('PUT', '/api/admin/quotas', rule)).status).toBe(404);

    await dave.json('PATCH', `/api/admin/organizations/${city.id}`, { parentId: agency.id });
    try {
      const inScope = async () => (await carol.json<OrganizationNodeView[]>('GET', '/api/admin/organizations')).map((node) => node.id);
      await expect.poll(inScope, { timeout: TREE_REFRESH_MS * 2, interval: 250 }).toContain(city.id);
      expect((await carol.request('GET', `/api/admin/usage?organizationId=${city.id}`)).status).toBe(200);
      const set = await carol.json<QuotaRuleView>('PUT', '/api/admin/quotas', rule);
      expect((await carol.json<QuotaRuleView[]>('GET', '/api/admin/quotas')).map((r) => r.id)).toContain(set.id);
      expect((await carol.json<OrganizationMemberView[]>('GET', `/api/admin/organizations/${city.id}/members`)).length).toBeGreaterThan(0);
      // The other way round stays closed: the city's administrator does not gain the agency above it.
      expect((await new ApiClient(api.url, 'grace').request('GET', `/api/admin/organizations/${agency.id}`)).status).toBe(404);
    } finally {
      await dave.json('PATCH', `/api/admin/organizations/${city.id}`, { parentId: null });
    }
    await expect.poll(async () => (await carol.request('GET', `/api/admin/organizations/${city.id}`)).status, { timeout: TREE_REFRESH_MS * 2 }).toBe(404);
  });
});
