import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations } from './support/accessibility';
import { openBrowser } from './support/browser';
import { OUTPUT_DIR } from './support/platform.global-setup';
import { signInThroughKeycloak } from './support/sign-in';

/**
 * The walking skeleton, as a member of staff lives it: sign in through the real Keycloak login
 * page → pick a model → chat with a streamed answer → rate it → reload and find the conversation.
 */
describe('chat journey', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let step = 0;
  const shot = (name: string) => page.screenshot({ path: join(OUTPUT_DIR, `chat-journey-${String(++step).padStart(2, '0')}-${name}.png`), fullPage: true });
  const question = '横須賀市の子育て支援制度を三つ教えてください';

  beforeAll(async () => {
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in through the Keycloak login page', async () => {
    await signInThroughKeycloak(page, inject('appUrl'), async () => {
      expect(new URL(page.url()).pathname).toContain('/realms/gennai/protocol/openid-connect/auth');
      await shot('keycloak-login');
    });
    await expect.poll(() => page.getByText('横須賀市').first().isVisible()).toBe(true);
    await shot('signed-in');
  });

  it('has no accessibility violations on the chat page', async () => {
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('labels the offline demo model as a demo', async () => {
    const options = await page.getByTestId('model-select').locator('option').allTextContents();
    expect(options.some((text) => text.includes('デモ'))).toBe(true);
    expect(options.some((text) => text.includes('Echo テストモデル'))).toBe(true);
  });

  it('streams the answer of the chosen model', async () => {
    await page.getByTestId('model-select').selectOption('echo');
    await page.getByTestId('composer-input').fill(question);
    await page.getByTestId('send').click();
    await expect.poll(() => page.getByTestId('message-user').last().textContent()).toContain(question);
    // The answer grows while it streams, then completes.
    const answer = page.getByTestId('message-assistant').last();
    await answer.waitFor();
    await shot('streaming');
    await page.locator('[data-testid="message-assistant"][data-status="complete"]').waitFor({ timeout: 30_000 });
    expect(await answer.textContent()).toContain(question);
    await shot('answered');
  });

  it('rates the answer', async () => {
    const like = page.getByTestId('rate-like').last();
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');
    await shot('rated');
  });

  it('finds the conversation again after a reload, with its rating', async () => {
    await page.reload();
    await page.getByTestId('message-assistant').last().waitFor();
    expect(await page.getByTestId('message-user').last().textContent()).toContain(question);
    await expect.poll(() => page.getByTestId('rate-like').last().getAttribute('aria-pressed')).toBe('true');

    await page.getByTestId('new-conversation').click();
    const item = page.getByTestId('conversation-item').filter({ hasText: question.slice(0, 10) }).first();
    await item.waitFor();
    await item.click();
    await expect.poll(() => page.getByTestId('message-assistant').count()).toBe(1);
    expect(await page.getByTestId('message-assistant').first().textContent()).toContain(question);
    await shot('history');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
