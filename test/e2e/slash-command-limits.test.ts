import { afterEach, describe, expect, it } from 'vitest';
import { OPENING_COMMAND_RATE } from '../../src/slack/listeners/command-guard.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { testRedisUrl, waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0LIMITS';
const SCRIPT = 'U0SCRIPT';
const NEIGHBOUR = 'U0NEIGHBOUR';

describe('slash commands that open incidents', () => {
  let e2e: E2E | undefined;
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    proxy?.restore();
    await e2e?.close();
    await proxy?.close();
    e2e = undefined;
    proxy = undefined;
  });

  it.each([
    ['/inject', 'crash api'],
    ['/incident', 'declare api checkout failing sev2'],
  ])('%s answers a fast ephemeral error naming a reference while Redis hangs', async (command, text) => {
    const redis = new URL(testRedisUrl());
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    // The web role alone: no workers whose reconnects would crowd the test.
    e2e = await startE2E({ env: { ROLE: 'web', REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
    proxy.cut();
    const response = await e2e.driver.slashCommand({ command, text, userId: SCRIPT, channelId: CHANNEL });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/cannot reach its store \(Redis\).*ref [0-9a-f]{8}.*Nothing was changed/),
    });
  });

  it.each([
    ['/inject', (n: number) => (n % 2 === 0 ? 'crash api' : 'slow database')],
    ['/incident', (n: number) => `declare api scripted incident ${n} sev3`],
  ])('%s is limited per person, with a message that says when to try again', async (command, textOf) => {
    e2e = await startE2E({ env: { ROLE: 'web' } });
    const run = (user: string, n: number) =>
      (e2e as E2E).driver.slashCommand({ command, text: textOf(n), userId: user, channelId: CHANNEL });
    const burst = await Promise.all(
      Array.from({ length: OPENING_COMMAND_RATE.limit + 5 }, (_, n) => run(SCRIPT, n)),
    );
    const refused = burst.filter((response) =>
      /over 10 times in 60 s\. Nothing was changed; try again in \d+ s\./.test(response.body),
    );
    expect(refused).toHaveLength(5);
    expect(refused[0]?.json).toMatchObject({ response_type: 'ephemeral' });
    const accepted = burst.filter((response) => !refused.includes(response));
    expect(accepted).toHaveLength(OPENING_COMMAND_RATE.limit);
    if (command === '/inject') for (const response of accepted) expect(response.body).toMatch(/Injecting/);
    else {
      // Declared after the ack: wait for them. The refused ones were answered by their ack and
      // their listeners returned with it, so no more can come.
      const tickets = () => (e2e as E2E).warroom.runtime.ctx.tickets.listRecent(100);
      await waitFor(async () => ((await tickets()).length >= OPENING_COMMAND_RATE.limit ? true : undefined));
      expect(await tickets()).toHaveLength(OPENING_COMMAND_RATE.limit);
    }

    const neighbour = await run(NEIGHBOUR, 99);
    expect(neighbour.body).not.toMatch(/try again/);
  });
});
