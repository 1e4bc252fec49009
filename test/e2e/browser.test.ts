import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { APPROVE, OVERRIDE, RCA_FEEDBACK } from '../../src/slack/action-ids.js';
import { requireTool, skipForMissingTool } from '../support/ci-tools.js';
import { type LocalModeApp, startLocalModeApp } from '../support/local-mode.js';

const CHROMIUM = '/usr/bin/chromium';
const missingChromium = existsSync(CHROMIUM)
  ? undefined
  : `browser tests need Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium; .ci/run does)`;
const skipBrowser = skipForMissingTool(missingChromium);

// README's picture is refreshed on demand (SAVE_SCREENSHOT=1 npm test); other runs leave the tree clean.
const SCREENSHOT = process.env.SAVE_SCREENSHOT
  ? fileURLToPath(new URL('../../docs/playground.png', import.meta.url))
  : join(tmpdir(), `warroom-playground-${process.pid}.png`);

describe('the playground in a real browser', () => {
  let app: LocalModeApp | undefined;
  let browser: BrowserContext | undefined;
  let profile: string | undefined;
  let pageErrors: string[] = [];

  afterEach(async () => {
    await browser?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    browser = app = profile = undefined;
  });

  async function openPlayground(env: Record<string, string> = {}): Promise<Page> {
    requireTool(missingChromium);
    app = await startLocalModeApp(env);
    profile = mkdtempSync(join(tmpdir(), 'warroom-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 960 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${app.pageUrl}/`);
    return page;
  }

  /** Approve in the thread, then Yes in the sev1 confirm dialog. */
  async function approveThroughDialog(page: Page) {
    const approve = page.locator(`.thread button[data-action="${APPROVE}"]`);
    await approve.waitFor({ timeout: 45_000 });
    await approve.click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await dialog.locator('[data-answer="yes"]').click();
  }

  async function send(page: Page, command: string, channel = 'warroom') {
    await page.getByRole('textbox', { name: `Message #${channel}` }).fill(command);
    await page.keyboard.press('Enter');
  }

  it.skipIf(skipBrowser)(
    'types /inject full, approves in the thread (through the confirm dialog) and sees the card Resolved',
    async () => {
      const page = await openPlayground();
      await send(page, '/inject full');

      await approveThroughDialog(page);

      const header = page.locator('article.root .b-header', { hasText: /INC-0001 · .* · Resolved/ });
      await header.waitFor({ timeout: 60_000 });
      // The decided approval message loses its buttons (the outbox may update it just after the card).
      await page.locator(`button[data-action="${APPROVE}"]`).waitFor({ state: 'detached', timeout: 30_000 });
      expect(pageErrors).toEqual([]);

      // The streamed plan ends in rank order: the specialists triage picked (they joined the plan
      // after its stream started) sit third, after intake and triage, once the outbox updated it.
      const third = page.locator('.thread .b-plan li.b-task').nth(2);
      await expect
        .poll(() => third.getAttribute('data-task'), { timeout: 30_000, interval: 200 })
        .toMatch(/^specialist:/);
      // Let the last thread messages land, then frame the card for README's screenshot.
      await page.waitForTimeout(1500);
      await page.locator('#feed').evaluate((feed) => feed.scrollTo(0, 0));
      mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    },
    120_000,
  );

  it.skipIf(skipBrowser)(
    'opens the Override modal, shows the errors the app answers under the input, closes on Cancel; draws and clicks the RCA feedback buttons',
    async () => {
      const page = await openPlayground();
      await send(page, '/inject crash api');
      const override = page.locator(`.thread button[data-action="${OVERRIDE}"]`);
      await override.waitFor({ timeout: 45_000 });
      await override.click();

      const modal = page.getByRole('dialog');
      await modal.waitFor();
      expect(await modal.locator('h2').textContent()).toBe('Override INC-0001');
      await modal.locator('textarea').fill('free some space\nsudo rm -rf /var/lib/postgresql');
      await modal.locator('[data-modal-submit]').click();
      const error = modal.locator('.m-error:not([hidden])');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/line 2/);

      await modal.getByRole('button', { name: 'Cancel' }).click();
      await modal.waitFor({ state: 'detached' });
      // Nothing ran: the approval still waits for a decision.
      expect(await override.count()).toBe(1);

      // The RCA's feedback buttons are drawn (the RCA follows the approval message in the thread),
      // and a click is answered privately.
      const feedback = page.locator(`.thread button[data-action="${RCA_FEEDBACK}"]`);
      await feedback.last().waitFor({ timeout: 30_000 });
      expect(await feedback.allTextContents()).toEqual(['👍 Right cause', '👎 Wrong cause']);
      await feedback.filter({ hasText: 'Wrong cause' }).click();
      await page
        .locator('article.msg.ephemeral', { hasText: 'Recorded “Wrong cause” on INC-0001' })
        .waitFor({ timeout: 30_000 });

      // The crew's plan, streamed to whoever injected it, is drawn as its task cards: every stage
      // complete once the diagnosis is over, with what each found.
      const plan = page.locator('.thread .b-plan', { hasText: 'Diagnosis · INC-0001' });
      await plan.waitFor({ timeout: 30_000 });
      const titles = await plan.locator('.b-task-title').allTextContents();
      expect(titles).toEqual(
        expect.arrayContaining(['Intake', 'Triage', 'Compute specialist', 'Root-cause analysis']),
      );
      await plan
        .locator('li.b-task-complete')
        .nth(titles.length - 1)
        .waitFor({ timeout: 30_000 });
      expect(await plan.locator('.b-task-output').first().textContent()).toMatch(/api/);
      // Waiting for a person: the thread's status line is cleared.
      await page.locator('article.root .status-line').waitFor({ state: 'detached', timeout: 30_000 });
      expect(pageErrors).toEqual([]);
    },
    120_000,
  );

  it.skipIf(skipBrowser)(
    'a sev1 gets its own channel in the sidebar: its topic, thread and approval there, the summary back in #warroom',
    async () => {
      const page = await openPlayground({ INCIDENT_CHANNELS: 'sev1' });
      await send(page, '/inject full');
      const room = page.locator('#channel-list .channel-link.incident', { hasText: /inc-0001-web-edge/ });
      await room.waitFor({ timeout: 45_000 });
      const name = ((await room.textContent()) ?? '').replace(/^\W+/, '').trim();
      await room.click();
      await page.locator('#channel-name', { hasText: name }).waitFor();
      await page.locator('#channel-topic', { hasText: /^INC-0001 · sev1 · / }).waitFor({ timeout: 30_000 });

      // Roles typed in the incident's channel, with no id.
      await send(page, '/incident role scribe <@U0DEMO|you>', name);
      await page.locator('article.root', { hasText: 'Scribe' }).waitFor({ timeout: 30_000 });

      await approveThroughDialog(page);
      await page
        .locator('article.root .b-header', { hasText: /INC-0001 · .* · Resolved/ })
        .waitFor({ timeout: 60_000 });

      await page.locator('#channel-list [data-channel=""]').click();
      await page.locator('#channel-name', { hasText: 'warroom' }).waitFor();
      await page
        .locator('article.root .thread', { hasText: 'The whole thread and the postmortem' })
        .waitFor({ timeout: 30_000 });
      expect(pageErrors).toEqual([]);
    },
    120_000,
  );
});
