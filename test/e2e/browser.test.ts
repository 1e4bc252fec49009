import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { APPROVE } from '../../src/slack/action-ids.js';
import { type LocalModeApp, startLocalModeApp } from '../support/local-mode.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `browser test skipped: no Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium; .ci/run does)`,
  );
}

const SCREENSHOT = new URL('../../docs/playground.png', import.meta.url);

describe('the playground in a real browser', () => {
  let app: LocalModeApp | undefined;
  let browser: BrowserContext | undefined;
  let profile: string | undefined;
  afterEach(async () => {
    await browser?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it.skipIf(!hasChromium)(
    'types /inject full, approves in the thread (through the confirm dialog) and sees the card Resolved',
    async () => {
      app = await startLocalModeApp();
      profile = mkdtempSync(join(tmpdir(), 'warroom-chromium-'));
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1280, height: 900 },
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
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));

      await page.goto(`${app.pageUrl}/`);
      await page.getByRole('textbox', { name: 'Message #warroom' }).fill('/inject full');
      await page.keyboard.press('Enter');

      const approve = page.locator(`.thread button[data-action="${APPROVE}"]`);
      await approve.waitFor({ timeout: 45_000 });
      await approve.click();
      const dialog = page.getByRole('alertdialog');
      await dialog.waitFor();
      await dialog.locator('[data-answer="yes"]').click();

      const header = page.locator('article.root .b-header', { hasText: /INC-0001 · .* · Resolved/ });
      await header.waitFor({ timeout: 60_000 });
      expect(await page.locator(`button[data-action="${APPROVE}"]`).count()).toBe(0);
      expect(pageErrors).toEqual([]);

      // Let the last thread messages land, then frame the card for README's screenshot.
      await page.waitForTimeout(1500);
      await header.scrollIntoViewIfNeeded();
      mkdirSync(new URL('.', SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT.pathname });
    },
    120_000,
  );
});
