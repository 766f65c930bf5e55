import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MeView } from '@gennai/contracts';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations } from './support/accessibility';
import { openBrowser } from './support/browser';
import { E2E_KAMAKURA_EVALUATOR, E2E_KAMAKURA_VOTER_1, E2E_KAMAKURA_VOTER_2 } from './support/e2e-user';
import { OUTPUT_DIR } from './support/platform.global-setup';
import { signInThroughKeycloak } from './support/sign-in';

type Browser = Awaited<ReturnType<typeof openBrowser>>;
type Person = typeof E2E_KAMAKURA_EVALUATOR;

/** A `datetime-local` value in the browser's (and this process's) time zone. */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Evaluation from real use, as 鎌倉市 lives it: an evaluator publishes a one-question survey for 鎌倉市; two staff
 * members answer it from the notice at the top of the page and each compare two blind answers and vote; the
 * evaluator then reads the leaderboard built from those votes, sees the survey's results kept anonymous, and
 * generates and downloads the evaluation report.
 *
 * The catalogue has two answering models (echo, echo-2) and one that always fails (broken): the pairing policy takes
 * the least-compared pair first, so a voter meets the answering pair within three comparisons — a comparison with the
 * failing model cannot be voted on and is skipped with 「次の比較」, as a user would.
 */
describe('evaluation journey', () => {
  const browsers: Browser[] = [];
  let evaluator: Page;
  let step = 0;
  let surveyId = '';
  const shot = (page: Page, name: string) => page.screenshot({ path: join(OUTPUT_DIR, `evaluation-${String(++step).padStart(2, '0')}-${name}.png`), fullPage: true });
  const open = async () => {
    const browser = await openBrowser();
    browsers.push(browser);
    return browser.page;
  };
  const signIn = async (page: Page, person: Person): Promise<MeView> => {
    const me = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/me' && response.ok());
    await signInThroughKeycloak(page, inject('appUrl'), undefined, person);
    return (await (await me).json()) as MeView;
  };

  /** Compares until a comparison both models answered, then votes; returns the two revealed model names. */
  const compareAndVote = async (page: Page, prompt: string, choice: 'a' | 'b' | 'tie'): Promise<string[]> => {
    await page.getByTestId('nav-arena').click();
    await page.getByTestId('arena-prompt').waitFor();
    expect(await page.locator('h1').textContent()).toBe('比較する');
    for (let attempt = 0; attempt < 6; attempt++) {
      await page.getByTestId('arena-prompt').fill(prompt);
      await page.getByTestId('arena-start').click();
      // Both answers stream in under 「モデルA」「モデルB」; the names stay hidden until the vote.
      const outcome = await Promise.race([
        page.getByTestId(`vote-${choice}`).and(page.locator(':enabled')).waitFor().then(() => 'answered' as const),
        page.getByTestId('arena-failed').waitFor().then(() => 'failed' as const),
      ]);
      if (outcome === 'failed') {
        await page.getByTestId('arena-next').click();
        continue;
      }
      expect(await page.getByTestId('battle-pane-a').textContent()).toContain('モデルA');
      expect(await page.getByTestId('battle-pane-b').textContent()).toContain('モデルB');
      expect(await page.getByTestId('battle-answer-a').textContent()).toContain(prompt);
      expect(await page.getByTestId('battle-model-a').count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByTestId(`vote-${choice}`).click();
      await page.getByTestId('arena-voted').waitFor();
      const names = [await page.getByTestId('battle-model-a').textContent(), await page.getByTestId('battle-model-b').textContent()];
      // Revealed as 「（Echo テストモデル）」 under each position's heading.
      return names.map((name) => (name ?? '').replace(/^（|）$/g, ''));
    }
    throw new Error('no comparison of two answering models in six attempts');
  };

  /** Answers the pending survey from the notice at the top of the page. */
  const answerSurvey = async (page: Page, points: number) => {
    const prompt = page.getByTestId('survey-prompt');
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('業務での有用性');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByTestId('survey-open').click();
    await page.getByTestId(`survey-q1-${points}`).check();
    await page.getByTestId('survey-submit').click();
    await expect.poll(() => page.getByTestId('survey-notice').textContent()).not.toBe('');
    expect(await page.getByTestId('survey-prompt').count()).toBe(0);
  };

  /** Clicks a download button and returns the downloaded file's text. */
  const downloaded = async (page: Page, testId: string): Promise<string> => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    const path = join(OUTPUT_DIR, `evaluation-${download.suggestedFilename()}`);
    await download.saveAs(path);
    return readFileSync(path, 'utf8');
  };

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
  });

  it('lets an evaluator publish a survey for their organisation', async () => {
    evaluator = await open();
    const me = await signIn(evaluator, E2E_KAMAKURA_EVALUATOR);
    expect(me.organization.name).toBe('鎌倉市');
    await evaluator.getByTestId('nav-evaluation').click();
    await evaluator.getByTestId('evaluation-nav-evaluation-surveys').click();
    await evaluator.getByTestId('survey-new').click();
    await evaluator.getByTestId('survey-title-ja').fill('業務での有用性');
    await evaluator.getByTestId('survey-title-en').fill('Usefulness at work');
    await evaluator.getByTestId('survey-add-kind').selectOption('likert5');
    await evaluator.getByTestId('survey-add-question').click();
    await evaluator.getByTestId('survey-q-0-text-ja').fill('Gennai は業務に役立っていますか。');
    await evaluator.getByTestId('survey-q-0-text-en').fill('Does Gennai help your work?');
    await evaluator.getByTestId(`survey-target-${me.organization.id}`).check();
    await evaluator.getByTestId('survey-opensAt').fill(localInput(new Date(Date.now() - 5 * 60_000)));
    expect(await accessibilityViolations(evaluator)).toEqual([]);
    await shot(evaluator, 'survey-editor');
    await evaluator.getByTestId('survey-save-publish').click();
    await evaluator.getByTestId('confirm-accept').click();
    const row = evaluator.locator('[data-testid^="survey-row-"]', { hasText: '業務での有用性' });
    await row.waitFor();
    surveyId = ((await row.getAttribute('data-testid')) ?? '').replace('survey-row-', '');
    expect(await evaluator.getByTestId(`survey-status-${surveyId}`).textContent()).toContain('公開中');
  });

  it('lets two staff members answer the survey and compare answers blind, each voting once', async () => {
    const first = await open();
    await signIn(first, E2E_KAMAKURA_VOTER_1);
    await answerSurvey(first, 5);
    const firstPair = await compareAndVote(first, '議事録の要点を三つにまとめてください。', 'a');
    expect(firstPair.sort()).toEqual(['Echo 2 テストモデル', 'Echo テストモデル']);
    await shot(first, 'voted');

    const second = await open();
    await signIn(second, E2E_KAMAKURA_VOTER_2);
    await answerSurvey(second, 4);
    const secondPair = await compareAndVote(second, '市民向けのお知らせ文を丁寧な表現に直してください。', 'tie');
    expect(secondPair.sort()).toEqual(['Echo 2 テストモデル', 'Echo テストモデル']);
    // After answering, the survey is not offered again.
    await second.reload();
    await second.getByTestId('arena-prompt').waitFor();
    expect(await second.getByTestId('survey-prompt').count()).toBe(0);
  });

  it('shows the evaluator the leaderboard built from the two votes', async () => {
    await evaluator.getByTestId('nav-evaluation').click();
    await evaluator.getByTestId('evaluation-nav-evaluation-leaderboard').click();
    await evaluator.getByTestId('leaderboard-organization').selectOption({ label: '鎌倉市' });
    await evaluator.getByTestId('leaderboard-show').click();
    const table = evaluator.getByTestId('leaderboard-table');
    await table.waitFor();
    const cells = (model: string) => evaluator.getByTestId(`leaderboard-row-${model}`).locator('th, td').allTextContents();
    const [echo, echo2] = [await cells('echo'), await cells('echo-2')];
    expect(echo[1]).toBe('Echo テストモデル');
    expect(echo2[1]).toBe('Echo 2 テストモデル');
    // Two votes between the two (one for a position, one tie): each model took part in both.
    expect(echo[4]).toBe('2');
    expect(echo2[4]).toBe('2');
    expect(await evaluator.getByTestId('win-rate-matrix').textContent()).toContain('Echo 2 テストモデル');
    expect(await evaluator.getByTestId('leaderboard-sample-warning').count()).toBe(1);
    expect(await accessibilityViolations(evaluator)).toEqual([]);
    await shot(evaluator, 'leaderboard');
  });

  it('shows the survey results without singling anyone out', async () => {
    await evaluator.getByTestId('evaluation-nav-evaluation-surveys').click();
    await evaluator.getByTestId(`survey-results-${surveyId}`).click();
    await evaluator.getByTestId('survey-results-summary').waitFor();
    expect(await evaluator.getByTestId('survey-results-summary').textContent()).toContain('2');
    // Two answers are fewer than five: only the count is shown, never the distribution of so few people.
    expect(await evaluator.getByTestId('survey-results-suppressed').count()).toBe(1);
    expect(await accessibilityViolations(evaluator)).toEqual([]);
    await shot(evaluator, 'survey-results');
  });

  it('generates the evaluation report and downloads it', async () => {
    await evaluator.getByTestId('evaluation-nav-evaluation-report').click();
    // Report days are the platform's (Asia/Tokyo): from yesterday to today there, whatever this machine's zone.
    const tokyoDay = (date: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(date);
    await evaluator.getByTestId('report-from').fill(tokyoDay(new Date(Date.now() - 86_400_000)));
    await evaluator.getByTestId('report-to').fill(tokyoDay(new Date()));
    await evaluator.getByTestId('report-model-echo').waitFor();
    expect(await evaluator.getByTestId('report-model-echo').isChecked()).toBe(true);
    expect(await evaluator.getByTestId('report-model-echo-2').isChecked()).toBe(true);
    await evaluator.getByTestId('report-generate').click();
    await evaluator.getByTestId('report-files').waitFor();
    expect(await evaluator.getByTestId('report-hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await accessibilityViolations(evaluator)).toEqual([]);
    await shot(evaluator, 'report');

    // The printable report: the leaderboard of the two votes, in Japanese, with its methods section.
    const html = await downloaded(evaluator, 'report-download-report.html');
    expect(html).toContain('Echo テストモデル');
    expect(html).toContain('Echo 2 テストモデル');
    expect(html).toContain('Bradley');
    expect(html).not.toContain('議事録の要点'); // no prompt text leaves in a report
    // The raw-data bundle it was built from: a manifest first, the two votes among its records, no names of people.
    const bundle = await downloaded(evaluator, 'report-download-bundle.jsonl');
    const [manifest, ...records] = bundle.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(manifest).toHaveProperty('format');
    expect(records.filter((record) => record.section === 'vote')).toHaveLength(2);
    expect(bundle).not.toContain('田中');
    expect(bundle).not.toContain('tanaka');
  });
});
