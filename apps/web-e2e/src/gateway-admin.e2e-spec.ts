import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations } from './support/accessibility';
import { openBrowser } from './support/browser';
import { E2E_ADMIN } from './support/e2e-user';
import { OUTPUT_DIR } from './support/platform.global-setup';
import { signInThroughKeycloak } from './support/sign-in';

/**
 * The gateway as an administrator and a member of staff live it: the administrator adds a provider and a model in
 * モデル管理 and a daily limit in 利用上限; staff see the model, their remaining allowance and the information-class
 * rule, chat, and create and revoke a personal API key; the administrator finds the request in 利用状況, in Japanese
 * and in English.
 */
describe('gateway administration journey', () => {
  let admin: Awaited<ReturnType<typeof openBrowser>>;
  let staff: Awaited<ReturnType<typeof openBrowser>>;
  let step = 0;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(OUTPUT_DIR, `gateway-${String(++step).padStart(2, '0')}-${name}.png`), fullPage: true });
  const PROVIDER_SECRET = 'sk-e2e-provider-secret';

  beforeAll(async () => {
    admin = await openBrowser();
    staff = await openBrowser();
  });
  afterAll(async () => {
    await admin?.close();
    await staff?.close();
  });

  it('lets a platform administrator add a provider with an encrypted key, never showing it again', async () => {
    const page = admin.page;
    await signInThroughKeycloak(page, inject('appUrl'), undefined, E2E_ADMIN);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('provider-table').waitFor();
    expect(await page.getByTestId('nav-admin').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('provider-new').click();

    // Nothing is sent until the form is complete; what is missing is said next to each field.
    await page.getByTestId('provider-save').click();
    expect(await page.getByTestId('form-error').textContent()).toContain('表示名: 必須です');

    await page.getByTestId('provider-id').fill('yokosuka-vllm');
    await page.getByTestId('provider-name').fill('横須賀市 vLLM');
    await page.getByTestId('provider-type').selectOption('openai-compatible');
    await page.getByTestId('provider-url').fill(inject('llmBaseUrl'));
    await page.getByTestId('provider-credential-value').check();
    await page.getByTestId('provider-secret').fill(PROVIDER_SECRET);
    await shot(page, 'provider-form');
    await page.getByTestId('provider-save').click();
    const row = page.getByTestId('provider-row-yokosuka-vllm');
    await row.waitFor();
    expect(await row.textContent()).toContain('設定済み');
    expect(await page.content()).not.toContain(PROVIDER_SECRET);

    // Editing never fills the secret back in.
    await row.getByTestId('provider-edit').click();
    expect(await page.getByTestId('provider-credential-keep').isChecked()).toBe(true);
    await page.getByTestId('provider-cancel').click();
  });

  it('adds a domestic model with a deployment on that provider', async () => {
    const page = admin.page;
    await page.getByTestId('model-new').click();
    await page.getByTestId('model-id').fill('plamo-e2e');
    await page.getByTestId('model-name').fill('PLaMo E2E');
    await page.getByTestId('model-vendor').fill('Preferred Networks');
    await page.getByTestId('model-ceiling').selectOption('2');
    await page.getByTestId('deployment-add').click();
    await page.getByTestId('deployment-upstream').fill('test-model');
    await page.getByTestId('fallback-add-select').selectOption('echo');
    await page.getByTestId('fallback-add').click();
    await page.getByTestId('model-save').click();
    const row = page.getByTestId('model-row-plamo-e2e');
    await row.waitFor();
    expect(await row.textContent()).toContain('国産');
    expect(await row.textContent()).toContain('機密性2');
    expect(await page.getByTestId('model-row-echo').textContent()).toContain('設定ファイル');
    await shot(page, 'catalogue');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('sets a daily limit for every user', async () => {
    const page = admin.page;
    await page.getByTestId('admin-nav-quotas').click();
    await page.getByTestId('quota-form').waitFor();
    await page.getByTestId('quota-max-requests').fill('5');
    await page.getByTestId('quota-save').click();
    await expect.poll(() => page.getByTestId('quota-table').textContent()).toContain('既定（すべての組織）');
    expect(await page.getByTestId('quota-table').textContent()).toContain('5');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'quotas');
  });

  it('allows 機密性3 for the organisation, which is off until an administrator enables it', async () => {
    const page = admin.page;
    await page.getByTestId('admin-nav-organizations').click();
    await page.getByTestId('org-tree').getByRole('link', { name: '横須賀市', exact: true }).click();
    await expect.poll(() => page.getByTestId('org-detail').locator('h2').first().textContent()).toBe('横須賀市（組織）');
    const confidential = page.getByTestId('setting-confidentialClassEnabled');
    expect(await confidential.isChecked()).toBe(false);
    await confidential.check();
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('admin-notice').textContent()).toBe('「横須賀市」の設定を保存しました。');
  });

  it('shows staff the new model, their allowance and which models may receive the chosen class', async () => {
    const page = staff.page;
    await signInThroughKeycloak(page, inject('appUrl'));
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await expect.poll(() => page.getByTestId('model-select').locator('option').allTextContents()).toContainEqual(expect.stringContaining('PLaMo E2E ・ 国産 ・ 機密性2'));
    await expect.poll(() => page.getByTestId('quota-status').textContent()).toContain('残り 5回');

    await page.getByTestId('info-class-select').selectOption('3');
    expect(await page.locator('[data-testid="model-select"] option[value="plamo-e2e"]').isDisabled()).toBe(true);
    expect(await page.getByTestId('model-class-hint').textContent()).toContain('PLaMo E2E');
    await shot(page, 'class-3');

    await page.getByTestId('info-class-select').selectOption('2');
    await page.getByTestId('model-select').selectOption('plamo-e2e');
    await page.getByTestId('composer-input').fill('窓口の混雑状況を教えて');
    await page.getByTestId('send').click();
    await page.locator('[data-testid="message-assistant"][data-status="complete"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('message-assistant').last().textContent()).toContain('窓口の混雑状況を教えて');
    expect(await page.getByTestId('conversation-class').textContent()).toContain('機密性2');
    await expect.poll(() => page.getByTestId('quota-status').textContent()).toContain('残り 4回');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'chatted');
  });

  it('creates a personal API key shown once, then revokes it after confirming', async () => {
    const page = staff.page;
    await page.getByTestId('nav-api-keys').click();
    expect(await page.getByTestId('api-base-url').textContent()).toBe(`${inject('appUrl')}/v1`);
    await page.getByTestId('api-key-new').click();
    await page.getByTestId('api-key-name').fill('集計スクリプト');
    await page.getByTestId('api-key-create').click();
    const secret = (await page.getByTestId('api-key-secret').textContent()) ?? '';
    expect(secret).toMatch(/^gnai_/);
    expect(await page.getByTestId('api-key-secret-box').textContent()).toContain('この画面を閉じると二度と表示されません');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'api-key-created');
    await page.getByTestId('api-key-done').click();
    expect(await page.content()).not.toContain(secret);
    expect(await page.getByTestId('api-key-row-集計スクリプト').textContent()).toContain(secret.slice(0, 9));

    await page.getByTestId('api-key-revoke').click();
    await page.getByTestId('confirm-accept').click();
    await expect.poll(() => page.getByTestId('api-key-row-集計スクリプト').textContent()).toContain('失効');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows the administrator the request in the usage report by model, in Japanese and English', async () => {
    const page = admin.page;
    await page.getByTestId('admin-nav-usage').click();
    await page.getByTestId('usage-group').selectOption('model');
    const row = page.getByTestId('usage-row-plamo-e2e');
    // Usage is written in batches off the request path: ask again until the request is there.
    await expect
      .poll(
        async () => {
          await Promise.all([page.waitForResponse((response) => response.url().includes('/api/admin/usage')), page.getByTestId('usage-show').click()]);
          return row.count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(1);
    expect(await row.textContent()).toMatch(/PLaMo E2E|plamo-e2e/);
    await page.getByTestId('usage-chart').locator('svg').first().waitFor();
    expect(await page.getByTestId('usage-chart').locator('[role="img"]').getAttribute('aria-label')).toContain('モデル別');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'usage');

    await page.getByTestId('language-select').selectOption('en');
    expect(await page.locator('h1').textContent()).toBe('Usage');
    expect(await page.getByTestId('usage-table').locator('caption').textContent()).toContain('By model');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'usage-en');
    await page.getByTestId('language-select').selectOption('ja');
  });
});
