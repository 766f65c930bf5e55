import { join } from 'node:path';
import type { MeView } from '@gennai/contracts';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations } from './support/accessibility';
import { openBrowser } from './support/browser';
import { E2E_HAYAMA_ADMIN, E2E_HAYAMA_MEMBER, E2E_ZUSHI_MEMBER } from './support/e2e-user';
import { OUTPUT_DIR } from './support/platform.global-setup';
import { signInThroughKeycloak } from './support/sign-in';

type Browser = Awaited<ReturnType<typeof openBrowser>>;

/**
 * 組織 as an organisation administrator lives it: 葉山町's administrator sees their organisation and the units its
 * members signed in from, makes information class 1 the default and switches a model off, finds a member of a
 * unit in the members list — and sees nothing of 逗子市. A member of 葉山町 then no longer finds that model in the
 * chat's model picker.
 */
describe('organisation administration journey', () => {
  const browsers: Browser[] = [];
  let admin: Page;
  let step = 0;
  let zushiId = '';
  const shot = (page: Page, name: string) => page.screenshot({ path: join(OUTPUT_DIR, `organizations-${String(++step).padStart(2, '0')}-${name}.png`), fullPage: true });
  const open = async () => {
    const browser = await openBrowser();
    browsers.push(browser);
    return browser.page;
  };
  /** Signs a user in and returns who the API says they are (GET /api/me, answered while the app starts). */
  const signIn = async (page: Page, user: typeof E2E_HAYAMA_ADMIN): Promise<MeView> => {
    const me = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/me' && response.ok());
    await signInThroughKeycloak(page, inject('appUrl'), undefined, user);
    return (await (await me).json()) as MeView;
  };
  const modelOptions = (page: Page) => page.getByTestId('model-select').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
  });

  it('knows members from their first sign-in: one of 逗子市, one of 葉山町’s 福祉課 who may use the Echo model', async () => {
    const zushi = await signIn(await open(), E2E_ZUSHI_MEMBER);
    expect(zushi.organization.name).toBe('逗子市');
    zushiId = zushi.organization.id;
    const member = await open();
    const me = await signIn(member, E2E_HAYAMA_MEMBER);
    expect([me.organization.name, me.unit?.name]).toEqual(['葉山町', '福祉課']);
    await expect.poll(() => modelOptions(member)).toContain('echo');
  });

  it('shows the administrator their organisation and its units, and nothing of another organisation', async () => {
    admin = await open();
    await signIn(admin, E2E_HAYAMA_ADMIN);
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-nav-organizations').click();
    const tree = admin.getByTestId('org-tree');
    await expect.poll(() => tree.textContent()).toContain('福祉課');
    const text = (await tree.textContent()) ?? '';
    expect(text).toContain('葉山町');
    expect(text).toContain('総務課');
    expect(text).not.toContain('逗子市');
    expect(text).not.toContain('横須賀市');
    expect(await admin.locator('h1').textContent()).toBe('組織');
    expect(await admin.getByTestId('org-detail').locator('h2').first().textContent()).toBe('葉山町（組織）');
    expect(await tree.locator('li[data-kind="organization"] [data-testid="keycloak-badge"]').first().textContent()).toBe('Keycloak連携');
    expect(await accessibilityViolations(admin)).toEqual([]);
    await shot(admin, 'tree');
  });

  it('makes class 1 the default and switches a model off for the organisation', async () => {
    await admin.getByTestId('setting-defaultInformationClass').selectOption('1');
    const echo = admin.getByTestId('model-switch-echo');
    expect(await echo.isChecked()).toBe(true);
    await echo.uncheck();
    await admin.getByTestId('settings-save').click();
    await expect.poll(() => admin.getByTestId('admin-notice').textContent()).toBe('「葉山町」の設定を保存しました。');

    // What was saved is what the API now answers.
    await admin.reload();
    await admin.getByTestId('settings-form').waitFor();
    await expect.poll(() => admin.getByTestId('setting-defaultInformationClass').inputValue()).toBe('1');
    await expect.poll(() => admin.getByTestId('model-switch-echo').isChecked()).toBe(false);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await shot(admin, 'settings');
  });

  it('lists the organisation’s members with their units, and finds one by name', async () => {
    const members = admin.getByTestId('members-table');
    await members.getByTestId('member-row-suzuki').waitFor();
    expect(await members.getByTestId('member-row-suzuki').textContent()).toContain('福祉課');
    expect(await members.getByTestId('member-row-kobayashi').textContent()).toContain('組織管理者（org_admin）');
    expect(await members.getByTestId('member-row-takahashi').count()).toBe(0);
    expect(await members.getByTestId('member-manage').first().getAttribute('href')).toContain('/console/#/gennai/users/');

    await admin.getByTestId('members-search').fill('鈴木');
    await admin.getByTestId('members-search-submit').click();
    await expect.poll(() => members.locator('tbody tr').count()).toBe(1);
    expect(await members.locator('tbody tr').textContent()).toContain('鈴木');

    // A unit shows the members signed in from it.
    await admin.getByRole('link', { name: '福祉課' }).click();
    await expect.poll(() => admin.getByTestId('org-detail').locator('h2').first().textContent()).toBe('福祉課（部署）');
    await expect.poll(() => members.locator('tbody tr').count()).toBe(1);
    expect(await members.getByTestId('member-row-suzuki').count()).toBe(1);
    expect(await admin.getByTestId('settings-form').count()).toBe(0);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await shot(admin, 'unit-members');
  });

  it('answers 逗子市’s organisation as not found, in the page and in the API', async () => {
    const listed = admin.waitForRequest((request) => new URL(request.url()).pathname === '/api/admin/organizations');
    await admin.goto(`${inject('appUrl')}/admin/organizations?node=${zushiId}`);
    const authorization = (await listed).headers().authorization;
    expect(await admin.getByTestId('org-not-found').textContent()).toContain('この組織は見つかりません');
    for (const path of ['', '/members', '/models']) {
      const response = await admin.request.get(`${inject('appUrl')}/api/admin/organizations/${zushiId}${path}`, { headers: { Authorization: authorization } });
      expect(response.status(), path).toBe(404);
    }
    const nodes = (await (await admin.request.get(`${inject('appUrl')}/api/admin/organizations`, { headers: { Authorization: authorization } })).json()) as { name: string }[];
    expect(nodes.map((node) => node.name)).not.toContain('逗子市');
  });

  it('no longer offers the switched-off model to a member of the organisation', async () => {
    const member = await open();
    await signIn(member, E2E_HAYAMA_MEMBER);
    await expect.poll(() => modelOptions(member)).not.toContain('echo');
    expect((await modelOptions(member)).length).toBeGreaterThan(0);
    expect(await accessibilityViolations(member)).toEqual([]);
    await shot(member, 'member-models');

    // 逗子市 decided nothing of the kind: its member still has the model.
    const zushi = await open();
    await signIn(zushi, E2E_ZUSHI_MEMBER);
    await expect.poll(() => modelOptions(zushi)).toContain('echo');
  });
});
