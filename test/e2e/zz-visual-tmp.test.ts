import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { it } from 'vitest';
import { startLocalModeApp } from '../support/local-mode.js';

it('visual', async () => {
  const app = await startLocalModeApp();
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'c-')), {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 }, args: ['--no-sandbox'],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  await page.goto(`${app.pageUrl}/`);
  await page.screenshot({ path: '/tmp/v0-empty.png' });
  await page.getByRole('textbox').fill('/inject');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: '/tmp/v1-usage.png' });
  await page.getByRole('textbox').fill('/inject full');
  await page.keyboard.press('Enter');
  const approve = page.locator('.thread button[data-action="incident_approve"]');
  await approve.waitFor({ timeout: 45_000 });
  await approve.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/v2-approval.png' });
  await approve.click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: '/tmp/v3-confirm.png' });
  await page.keyboard.press('Escape');
  await page.locator('.thread button[data-action="incident_override"]').click();
  await page.locator('.modal').waitFor();
  await page.locator('.m-input').fill('free some space\nsudo rm -rf /var/lib/postgresql');
  await page.locator('[data-modal-submit]').click();
  await page.locator('.m-error:not([hidden])').waitFor();
  await page.screenshot({ path: '/tmp/v4-modal-errors.png' });
  await page.getByRole('textbox', { name: 'Message #warroom' }).fill('/nope');
  await browser.close();
  await app.close();
}, 120_000);
