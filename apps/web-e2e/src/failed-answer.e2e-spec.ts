import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations } from './support/accessibility';
import { openBrowser } from './support/browser';
import { OUTPUT_DIR } from './support/platform.global-setup';
import { signInThroughKeycloak } from './support/sign-in';

/**
 * When the model fails, the member of staff sees their message kept, a clear error in their
 * language and a retry button — in Japanese and, after switching, in English.
 */
describe('a failed answer', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const question = '障害時の表示を確認します';

  beforeAll(async () => {
    browser = await openBrowser();
    page = browser.page;
    await signInThroughKeycloak(page, inject('appUrl'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the message and shows a retryable error in Japanese', async () => {
    await page.getByTestId('model-select').selectOption('broken');
    await page.getByTestId('composer-input').fill(question);
    await page.getByTestId('send').click();
    await page.locator('[data-testid="message-assistant"][data-status="failed"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('message-user').last().textContent()).toContain(question);
    expect(await page.getByTestId('message-error').last().textContent()).toContain('モデルに接続できませんでした');
    await page.screenshot({ path: join(OUTPUT_DIR, 'failed-answer-01-ja.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('retries the answer, and it fails visibly again without losing anything', async () => {
    await page.getByTestId('retry').click();
    await page.locator('[data-testid="message-assistant"][data-status="failed"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('message-user').count()).toBe(1);
    expect(await page.getByTestId('message-assistant').count()).toBe(1);
  });

  it('shows the stored error in English after switching language and reloading', async () => {
    await page.getByTestId('language-select').selectOption('en');
    await page.reload();
    await page.locator('[data-testid="message-assistant"][data-status="failed"]').waitFor();
    expect(await page.getByTestId('message-error').last().textContent()).toContain('The model could not be reached. Please retry.');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.screenshot({ path: join(OUTPUT_DIR, 'failed-answer-02-en.png'), fullPage: true });
  });
});
