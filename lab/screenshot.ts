/**
 * README's picture of the lab: the playground of a running `npm run lab`, once a real fault's
 * incident waits for a person (its approval message has its buttons).
 * Usage: npx tsx lab/screenshot.ts <playground URL> <out.png>   (Debian's chromium)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { APPROVE } from '../src/slack/action-ids.js';

const CHROMIUM = '/usr/bin/chromium';

async function screenshot(url: string, out: string): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'warroom-screenshot-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 1100 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(url);
    const approve = page.locator(`.thread button[data-action="${APPROVE}"]`).first();
    await approve.waitFor({ timeout: 180_000 });
    await approve.scrollIntoViewIfNeeded();
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}

const [url, out] = process.argv.slice(2);
if (!url || !out) {
  process.stderr.write('usage: npx tsx lab/screenshot.ts <playground URL> <out.png>\n');
  process.exit(2);
}
await screenshot(url, out);
process.stdout.write(`wrote ${out}\n`);
