import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from '../support/e2e.js';
import { hasInvisible } from '../support/invisible-text.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0HOSTILE';

describe('text people type reaches Slack without control characters', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('a declared incident with NUL, ANSI escapes and an RTL override gets a clean card', async () => {
    await e2e.driver.slashCommand({
      command: '/incident',
      text: 'declare api \u001b[31mcheckout\u001b[0m down\u0000 invoice\u202Efdp.exe sev3',
      userId: 'U0ONCALL',
      channelId: CHANNEL,
    });
    const card = await waitFor(() => e2e.emulator.messages(CHANNEL)[0], { what: 'the card' });
    const sent = `${card.text}${JSON.stringify(card.blocks)}`;
    expect(sent).toContain('checkout');
    expect(sent).toContain('invoicefdp.exe');
    expect(hasInvisible(sent)).toBe(false);
  });
});
