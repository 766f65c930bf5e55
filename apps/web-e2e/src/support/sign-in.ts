import type { Page } from 'playwright-core';
import { E2E_USER } from './e2e-user';

type E2eUser = { username: string; password: string };

/** Signs in as the e2e user through the real Keycloak login page, starting from the app's address. */
export async function signInThroughKeycloak(page: Page, appUrl: string, beforeSubmit?: () => Promise<unknown>, user: E2eUser = E2E_USER) {
  await page.goto(appUrl);
  await page.getByTestId('sign-in').click();
  await page.waitForSelector('#username');
  await beforeSubmit?.();
  await page.fill('#username', user.username);
  // With Organizations enabled the realm asks for the username first (identity-first login), then the password.
  if (!(await page.locator('#password').count())) {
    await page.click('#kc-login');
    await page.waitForSelector('#password');
  }
  await page.fill('#password', user.password);
  await page.click('#kc-login');
  await page.getByTestId('composer-input').waitFor();
}
