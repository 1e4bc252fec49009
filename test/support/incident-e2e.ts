import { expect } from 'vitest';
import type { E2E } from './e2e.js';
import { waitFor } from './test-runtime.js';

export const CHANNEL = 'C0OPS';
export const ONCALL = 'U0ONCALL';

export function cardOf(e2e: E2E, id: string) {
  return e2e.emulator.messages(CHANNEL).find((message) => message.text.startsWith(`${id} · `));
}

/** Waits until the incident's card in the channel says `status`. */
export async function waitForCard(e2e: E2E, id: string, status: string, timeoutMs = 30_000) {
  return waitFor(
    () => (cardOf(e2e, id)?.text.startsWith(`${id} · ${status}`) ? cardOf(e2e, id) : undefined),
    {
      timeoutMs,
      what: `${id}'s card to say ${status}`,
    },
  );
}

export async function injectFault(e2e: E2E, text: string, user = ONCALL) {
  const response = await e2e.driver.slashCommand({
    command: '/inject',
    text,
    userId: user,
    channelId: CHANNEL,
  });
  if (response.status !== 200) throw new Error(`/inject answered ${response.status}`);
}

/** Runs `/incident <text>` and returns what its response_url received. */
export async function incidentReply(e2e: E2E, text: string): Promise<string> {
  const before = e2e.emulator.responseUrlPosts().length;
  const response = await e2e.driver.slashCommand({
    command: '/incident',
    text,
    userId: ONCALL,
    channelId: CHANNEL,
  });
  expect(response.status).toBe(200);
  const post = await waitFor(() => e2e.emulator.responseUrlPosts()[before], {
    what: `the answer to ${text}`,
  });
  return `${String(post.body.text ?? '')}\n${JSON.stringify(post.body.blocks ?? [])}`;
}
