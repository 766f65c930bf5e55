import type { OrganizationMemberView, OrganizationModelView, OrganizationNodeView, UpdateOrganizationRequest } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, type RecordedCall } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import { organizationNode, unitNode } from '../../testing/organization-nodes';
import OrganizationsPage from './OrganizationsPage.vue';

const YOKOSUKA = organizationNode({ id: '0193a000-0000-7000-8000-00000000000a', slug: 'yokosuka-city', name: '横須賀市', memberCount: 2 });
const BUREAU = unitNode(YOKOSUKA, { id: '0193a000-0000-7000-8000-00000000000d', name: '市民部', memberCount: 0 });
const SECTION = unitNode(BUREAU, { id: '0193a000-0000-7000-8000-00000000000c', name: '市民課', memberCount: 1 });
const MODELS: OrganizationModelView[] = [
  { id: 'echo', displayName: 'Echo', vendor: '', domestic: false, maxInformationClass: 2, allowedByPlatform: true, disabledByOrganization: false },
  { id: 'plamo', displayName: 'PLaMo', vendor: 'PFN', domestic: true, maxInformationClass: 3, allowedByPlatform: true, disabledByOrganization: false },
  { id: 'ministry-only', displayName: '省庁専用モデル', vendor: '', domestic: true, maxInformationClass: 3, allowedByPlatform: false, disabledByOrganization: false },
];
const member = (overrides: Partial<OrganizationMemberView>): OrganizationMemberView => ({
  id: '0193a000-0000-7000-8000-0000000000b1',
  username: 'sato',
  displayName: '佐藤 花子',
  email: 'sato@city.example.lg.jp',
  // As the API stores them from the token: Keycloak's own realm roles come along.
  roles: ['default-roles-gennai', 'offline_access', 'user', 'org_admin'] as OrganizationMemberView['roles'],
  unit: null,
  lastSeenAt: '2026-11-28T10:00:00.000Z',
  manageUrl: 'https://id.example.lg.jp/admin/gennai/console/#/gennai/users/s1/settings',
  ...overrides,
});
const SATO = member({});
const YAMADA = member({ id: '0193a000-0000-7000-8000-0000000000b2', username: 'yamada', displayName: '山田 太郎', email: null, roles: ['user'], unit: { id: SECTION.id, name: '市民課' }, manageUrl: null });

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const writes = (calls: RecordedCall[]) => calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.path, c.body]);
const path = (id: string, rest = '') => `/api/admin/organizations/${id}${rest}`;

/** The organisation tree API over an in-memory list, as the real one answers. */
function organizationsApi(nodes: OrganizationNodeView[], extra: Parameters<typeof fakeApi>[0] = {}) {
  const state = { nodes };
  const api = fakeApi({
    'GET /api/admin/organizations': () => Response.json(state.nodes),
    [`GET ${path(YOKOSUKA.id, '/models')}`]: () => Response.json(MODELS),
    [`GET ${path(YOKOSUKA.id, '/members')}`]: (call) => Response.json(call.path.includes('q=') ? [YAMADA] : [SATO, YAMADA]),
    [`GET ${path(SECTION.id, '/members')}`]: () => Response.json([YAMADA]),
    [`GET ${path(BUREAU.id, '/members')}`]: () => Response.json([YAMADA]),
    [`PATCH ${path(YOKOSUKA.id)}`]: (call) => {
      const input = call.body as UpdateOrganizationRequest;
      const current = state.nodes.find((n) => n.id === YOKOSUKA.id)!;
      const saved = { ...current, ...(input.name ? { name: input.name } : {}), settings: { ...current.settings!, ...input.settings } as OrganizationNodeView['settings'] };
      state.nodes = state.nodes.map((n) => (n.id === saved.id ? saved : n));
      return Response.json(saved);
    },
    ...extra,
  });
  return { api, state };
}

describe('OrganizationsPage', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows an organisation administrator their organisation with its units nested, member counts and the Keycloak link', async () => {
    organizationsApi([SECTION, YOKOSUKA, BUREAU]);
    const { wrapper } = await mountWithApp(OrganizationsPage, { path: '/admin/organizations', me: signedInAs(['user', 'org_admin']) });
    expect(document.activeElement?.textContent).toBe('組織');
    expect(byTestId(wrapper, 'admin-nav-organizations').attributes('aria-current')).toBe('page');
    const tree = byTestId(wrapper, 'org-tree');
    expect(tree.find('h2').text()).toBe('組織と部署');
    const city = byTestId(wrapper, `org-node-${YOKOSUKA.id}`);
    expect(city.find(`[data-testid="org-node-${BUREAU.id}"] [data-testid="org-node-${SECTION.id}"]`).exists()).toBe(true);
    expect(city.find('.organization-tree__facts').text()).toContain('2人');
    expect(city.find('[data-testid="keycloak-badge"]').text()).toBe('Keycloak連携');
    expect(byTestId(wrapper, `org-node-${SECTION.id}`).text()).toContain('部署');
    // With no node chosen yet, the organisation at the top is shown.
    expect(byTestId(wrapper, `org-link-${YOKOSUKA.id}`).attributes('aria-current')).toBe('true');
    expect(byTestId(wrapper, `org-link-${SECTION.id}`).attributes('aria-current')).toBeUndefined();
    expect(byTestId(wrapper, 'org-detail').find('h2').text()).toBe('横須賀市（組織）');
    expect(byTestId(wrapper, 'node-form').exists()).toBe(false);
    expect(byTestId(wrapper, 'node-delete').exists()).toBe(false);
    expect(byTestId(wrapper, 'add-form').exists()).toBe(false);
  });

  it('saves the default class and a model switched off, listing models the platform does not allow as not switchable', async () => {
    const { api, state } = organizationsApi([YOKOSUKA, SECTION]);
    const { wrapper } = await mountWithApp(OrganizationsPage, { me: signedInAs(['user', 'org_admin']) });
    expect((byTestId(wrapper, 'setting-defaultInformationClass').element as HTMLSelectElement).value).toBe('2');
    expect(byTestId(wrapper, 'setting-auditKeepsMessageText').attributes('role')).toBe('switch');
    const ministryOnly = byTestId(wrapper, 'model-switch-ministry-only');
    expect(ministryOnly.attributes('disabled')).toBeDefined();
    expect((ministryOnly.element as HTMLInputElement).checked).toBe(false);
    expect(byTestId(wrapper, 'org-model-ministry-only').text()).toContain('プラットフォーム管理者が、この組織での利用を許可していません');
    expect((byTestId(wrapper, 'setting-conversationRetentionDays').element as HTMLInputElement).value).toBe('');

    await byTestId(wrapper, 'setting-defaultInformationClass').setValue('1');
    await byTestId(wrapper, 'model-switch-echo').setValue(false);
    await byTestId(wrapper, 'settings-form').trigger('submit');
    await flushPromises();
    expect(writes(api.calls)).toEqual([['PATCH', path(YOKOSUKA.id), { settings: { defaultInformationClass: 1, auditKeepsMessageText: true, piiPolicy: 'warn', confidentialClassEnabled: false, conversationRetentionDays: null, auditRetentionDays: 1825, vendorFeedbackSharing: 'ratings_only', disabledModelIds: ['echo'] } }]]);
    expect(state.nodes[0].settings?.disabledModelIds).toEqual(['echo']);
    expect(byTestId(wrapper, 'admin-notice').text()).toBe('「横須賀市」の設定を保存しました。');
    expect((byTestId(wrapper, 'model-switch-echo').element as HTMLInputElement).checked).toBe(false);
  });

  it('shows the settings other features add as soon as the API returns them, and sends them back typed', async () => {
    const withMore = { ...YOKOSUKA, settings: { ...YOKOSUKA.settings!, conversationRetentionDays: null, auditRetentionDays: 365 } };
    const { api } = organizationsApi([withMore as OrganizationNodeView]);
    const { wrapper } = await mountWithApp(OrganizationsPage, { me: signedInAs(['user', 'org_admin']) });
    expect(byTestId(wrapper, 'settings-form').findAll('label').map((l) => l.text().trim()).slice(0, 6)).toEqual([
      '既定の機密性',
      '監査ログに本文を残す',
      '個人情報を検出したとき',
      '機密性3の会話を許可する',
      '会話の保存期間（日）',
      '監査ログの保存期間（日）',
    ]);
    expect((byTestId(wrapper, 'setting-auditRetentionDays').element as HTMLInputElement).value).toBe('365');
    await byTestId(wrapper, 'setting-piiPolicy').setValue('mask');
    await byTestId(wrapper, 'setting-confidentialClassEnabled').setValue(true);
    await byTestId(wrapper, 'setting-conversationRetentionDays').setValue('90');
    await byTestId(wrapper, 'setting-auditRetentionDays').setValue('');
    await byTestId(wrapper, 'settings-form').trigger('submit');
    await flushPromises();
    expect(writes(api.calls)[0][2]).toEqual({
      settings: { defaultInformationClass: 2, auditKeepsMessageText: true, piiPolicy: 'mask', confidentialClassEnabled: true, conversationRetentionDays: 90, auditRetentionDays: null, vendorFeedbackSharing: 'ratings_only', disabledModelIds: [] },
    });
  });

  it('says next to the field what the API refused, in the summary too', async () => {
    organizationsApi([YOKOSUKA], {
      [`PATCH ${path(YOKOSUKA.id)}`]: () =>
        Response.json(
          { statusCode: 400, code: 'validation_failed', message: '入力内容に誤りがあります。', details: [{ field: 'settings.defaultInformationClass', message: 'settings.defaultInformationClass: 1, 2, 3 のいずれかにしてください。' }] },
          { status: 400 },
        ),
    });
    const { wrapper } = await mountWithApp(OrganizationsPage, { me: signedInAs(['user', 'org_admin']) });
    await byTestId(wrapper, 'settings-form').trigger('submit');
    await flushPromises();
    expect(byTestId(wrapper, 'org-setting-defaultInformationClass-error').text()).toContain('1, 2, 3 のいずれかにしてください。');
    expect(byTestId(wrapper, 'setting-defaultInformationClass').attributes('aria-invalid')).toBe('true');
    const summary = byTestId(wrapper, 'form-error');
    expect(summary.text()).toContain('入力内容に誤りがあります。');
    expect(summary.find('a').attributes('href')).toBe('#org-setting-defaultInformationClass');
    expect(document.activeElement).toBe(summary.element);
  });

  it('lists members with their unit, Gennai roles, last sign-in and where to manage them in Keycloak, and searches them', async () => {
    const { api } = organizationsApi([YOKOSUKA, SECTION]);
    const { wrapper } = await mountWithApp(OrganizationsPage, { me: signedInAs(['user', 'org_admin']) });
    const table = byTestId(wrapper, 'members-table');
    expect(table.find('caption').text()).toBe('横須賀市の所属者（2人表示）');
    expect(table.findAll('thead th').map((th) => th.text())).toEqual(['氏名', 'ユーザー名', '部署', 'ロール', '最終サインイン', '操作']);
    const sato = byTestId(wrapper, 'member-row-sato');
    expect(sato.find('th').text()).toContain('佐藤 花子');
    expect(sato.findAll('li').map((li) => li.text())).toEqual(['職員（user）', '組織管理者（org_admin）']);
    expect(sato.find('time').attributes('datetime')).toBe('2026-11-28T10:00:00.000Z');
    const manage = sato.find('[data-testid="member-manage"]');
    expect(manage.attributes('href')).toBe(SATO.manageUrl);
    expect(manage.attributes('target')).toBe('_blank');
    expect(manage.attributes('aria-label')).toBe('佐藤 花子をKeycloakで管理（新しいタブで開きます）');
    expect(byTestId(wrapper, 'member-row-yamada').findAll('td').map((td) => td.text())[1]).toBe('市民課');
    expect(byTestId(wrapper, 'member-row-yamada').find('[data-testid="member-manage"]').exists()).toBe(false);

    await byTestId(wrapper, 'members-search').setValue(' 山田 ');
    await byTestId(wrapper, 'members-search-submit').trigger('submit');
    await flushPromises();
    expect(api.calls.at(-1)?.path).toBe(`${path(YOKOSUKA.id, '/members')}?offset=0&q=%E5%B1%B1%E7%94%B0`);
    expect(byTestId(wrapper, 'members-table').findAll('tbody tr')).toHaveLength(1);
  });

  it('shows a unit its members only: settings belong to the organisation', async () => {
    const { api } = organizationsApi([YOKOSUKA, BUREAU, SECTION]);
    const { wrapper, router } = await mountWithApp(OrganizationsPage, { me: signedInAs(['user', 'org_admin']) });
    await byTestId(wrapper, `org-link-${SECTION.id}`).trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ node: SECTION.id });
    expect(byTestId(wrapper, `org-link-${SECTION.id}`).attributes('aria-current')).toBe('true');
    expect(byTestId(wrapper, 'org-detail').find('h2').text()).toBe('市民課（部署）');
    expect(byTestId(wrapper, 'settings-form').exists()).toBe(false);
    expect(api.calls.at(-1)?.path).toBe(`${path(SECTION.id, '/members')}?offset=0`);
    expect(byTestId(wrapper, 'members-table').find('caption').text()).toBe('市民課の所属者（1人表示）');
  });

  it('says so when the address names an organisation the administrator cannot see', async () => {
    const { api } = organizationsApi([YOKOSUKA]);
    const { wrapper } = await mountWithApp(OrganizationsPage, { path: '/admin/organizations?node=0193a000-0000-7000-8000-0000000000ff', me: signedInAs(['user', 'org_admin']) });
    expect(byTestId(wrapper, 'org-not-found').text()).toBe('この組織は見つかりません。削除されたか、表示する権限がありません。');
    expect(byTestId(wrapper, 'org-detail').exists()).toBe(false);
    expect(api.calls.map((c) => c.path)).toEqual(['/api/admin/organizations']);
  });

  describe('as a platform administrator', () => {
    const editable = (node: OrganizationNodeView) => ({ ...node, canEditNode: true });
    const TOKYO = editable(organizationNode({ id: '0193a000-0000-7000-8000-0000000000e1', slug: 'digital-agency', name: 'デジタル庁' }));

    it('renames and moves a unit, offering only the places the tree allows', async () => {
      const section = editable(SECTION);
      const { api } = organizationsApi([editable(YOKOSUKA), editable(BUREAU), section, TOKYO], {
        [`PATCH ${path(SECTION.id)}`]: (call) => Response.json({ ...section, ...(call.body as object) }),
      });
      const { wrapper } = await mountWithApp(OrganizationsPage, { path: `/admin/organizations?node=${SECTION.id}` });
      const parent = byTestId(wrapper, 'node-parent');
      // A unit stays inside its organisation; デジタル庁 and the unit itself are not offered.
      expect(parent.findAll('option').map((o) => o.text())).toEqual(['横須賀市', '市民部']);
      expect((parent.element as HTMLSelectElement).value).toBe(BUREAU.id);
      await byTestId(wrapper, 'node-name').setValue('市民窓口課');
      await parent.setValue(YOKOSUKA.id);
      await byTestId(wrapper, 'node-form').trigger('submit');
      await flushPromises();
      expect(writes(api.calls)).toEqual([['PATCH', path(SECTION.id), { name: '市民窓口課', parentId: YOKOSUKA.id }]]);
      expect(byTestId(wrapper, 'admin-notice').text()).toBe('「市民窓口課」を保存しました。');
    });

    it('links an organisation of vendor staff to a catalogue vendor, and offers no link on a unit', async () => {
      const vendorOrg = editable(organizationNode({ id: '0193a000-0000-7000-8000-0000000000e3', slug: 'model-vendor', name: 'モデルベンダー株式会社' }));
      const { api } = organizationsApi([vendorOrg, editable(YOKOSUKA), editable(BUREAU)], {
        [`PATCH ${path(vendorOrg.id)}`]: (call) => Response.json({ ...vendorOrg, ...(call.body as object) }),
        [`GET ${path(vendorOrg.id, '/members')}`]: () => Response.json([]),
      });
      const { wrapper } = await mountWithApp(OrganizationsPage, { path: `/admin/organizations?node=${vendorOrg.id}` });
      expect((byTestId(wrapper, 'node-vendor').element as HTMLInputElement).value).toBe('');
      await byTestId(wrapper, 'node-vendor').setValue(' NTT ');
      await byTestId(wrapper, 'node-form').trigger('submit');
      await flushPromises();
      // Only the link changed, so only the link is sent (trimmed).
      expect(writes(api.calls)).toEqual([['PATCH', path(vendorOrg.id), { vendor: 'NTT' }]]);

      const unit = await mountWithApp(OrganizationsPage, { path: `/admin/organizations?node=${BUREAU.id}` });
      expect(byTestId(unit.wrapper, 'node-form').exists()).toBe(true);
      expect(byTestId(unit.wrapper, 'node-vendor').exists()).toBe(false);
    });

    it('adds a unit under the selected organisation and opens it', async () => {
      const added = unitNode(YOKOSUKA, { id: '0193a000-0000-7000-8000-0000000000e2', name: '総務課' });
      const { api, state } = organizationsApi([editable(YOKOSUKA)], {
        'POST /api/admin/organizations': () => {
          state.nodes = [...state.nodes, added];
          return Response.json(added, { status: 201 });
        },
        [`GET ${path(added.id, '/members')}`]: () => Response.json([]),
      });
      const { wrapper, router } = await mountWithApp(OrganizationsPage);
      expect(byTestId(wrapper, 'add-form').find('h3').text()).toBe('「横須賀市」の下に追加');
      await byTestId(wrapper, 'add-kind-unit').setValue(true);
      expect(byTestId(wrapper, 'add-slug').exists()).toBe(false);
      await byTestId(wrapper, 'add-name').setValue('総務課');
      await byTestId(wrapper, 'add-form').trigger('submit');
      await flushPromises();
      expect(writes(api.calls)).toEqual([['POST', '/api/admin/organizations', { kind: 'unit', name: '総務課', parentId: YOKOSUKA.id }]]);
      expect(router.currentRoute.value.query).toEqual({ node: added.id });
      expect(byTestId(wrapper, 'org-detail').find('h2').text()).toBe('総務課（部署）');
    });

    it('needs a Keycloak alias before adding an organisation', async () => {
      const { api } = organizationsApi([editable(YOKOSUKA)]);
      const { wrapper } = await mountWithApp(OrganizationsPage);
      await byTestId(wrapper, 'add-kind-organization').setValue(true);
      await byTestId(wrapper, 'add-name').setValue('横須賀市教育委員会');
      await byTestId(wrapper, 'add-form').trigger('submit');
      await flushPromises();
      expect(writes(api.calls)).toEqual([]);
      expect(byTestId(wrapper, 'org-add-slug-error').text()).toContain('必須です');
    });

    it('deletes only after confirmation and shows why the API refuses a node that is not empty', async () => {
      const { api } = organizationsApi([editable(YOKOSUKA), editable(SECTION)], {
        [`DELETE ${path(YOKOSUKA.id)}`]: () =>
          Response.json({ statusCode: 409, code: 'organization_not_empty', message: '横須賀市には配下の組織・部署（1）・所属者（2人）があるため削除できません。' }, { status: 409 }),
      });
      const { wrapper } = await mountWithApp(OrganizationsPage);
      await byTestId(wrapper, 'node-delete').trigger('click');
      await flushPromises();
      expect(byTestId(wrapper, 'confirm-text').text()).toBe('「横須賀市」を削除します。元に戻せません。');
      await byTestId(wrapper, 'confirm-cancel').trigger('click');
      await flushPromises();
      expect(writes(api.calls)).toEqual([]);

      await byTestId(wrapper, 'node-delete').trigger('click');
      await flushPromises();
      await byTestId(wrapper, 'confirm-accept').trigger('click');
      await flushPromises();
      expect(writes(api.calls)).toEqual([['DELETE', path(YOKOSUKA.id), undefined]]);
      expect(byTestId(wrapper, 'action-error').text()).toBe('横須賀市には配下の組織・部署（1）・所属者（2人）があるため削除できません。');
      expect(byTestId(wrapper, 'action-error').attributes('role')).toBe('alert');
    });
  });
});
