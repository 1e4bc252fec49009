import { WebAPIHTTPError, WebAPIRateLimitedError, WebAPIRequestError, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { caught, emulatorClient } from '../../support/emulator-client.js';
import { silentSlackLogger } from '../../support/silent-slack-logger.js';

let emu: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  emu = await startSlackEmulator({ postBurst: 3, postRefillPerSec: 1 });
  client = emulatorClient(emu.url, { rejectRateLimitedCalls: true });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('Slack emulator: limits and faults', () => {
  it('answers an injected 429 with Retry-After, which rejectRateLimitedCalls turns into WebAPIRateLimitedError', async () => {
    emu.failNext('chat.postMessage', 1, { status: 429, retryAfter: 7 });
    const err = await caught(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect((err as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(emu.messages('C1')).toEqual([]);
    expect(emu.calls('chat.postMessage')[0]).toMatchObject({ status: 429, fault: 'status:429' });
    const raw = await fetch(`${emu.url}auth.test`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-t' },
    });
    expect(raw.status).toBe(200);
  });

  it('limits chat.postMessage per channel with a token bucket', async () => {
    const results = [];
    for (let i = 0; i < 5; i += 1) {
      results.push(await client.chat.postMessage({ channel: 'C1', text: `m${i}` }).catch((e: unknown) => e));
    }
    const limited = results.filter((r) => r instanceof WebAPIRateLimitedError);
    expect(limited).toHaveLength(2);
    expect((limited[0] as WebAPIRateLimitedError).retryAfter).toBe(1);
    expect(emu.rateLimitedByPostingLimit()).toBe(2);
    expect(emu.messages('C1')).toHaveLength(3);
    await client.chat.postMessage({ channel: 'C2', text: 'other channel has its own bucket' });
    const raw = await fetch(`${emu.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-t', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=C1&text=x',
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
    expect(await raw.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('limits chat.update across the workspace when given Tier 3 limits; without them updates are free', async () => {
    const tier3 = await startSlackEmulator({ updateLimit: { burst: 3, perMinute: 50 } });
    try {
      const tier3Client = emulatorClient(tier3.url, { rejectRateLimitedCalls: true });
      const posted = await Promise.all(
        ['C1', 'C2'].map((channel) => tier3Client.chat.postMessage({ channel, text: 'card' })),
      );
      const results = [];
      for (let i = 0; i < 5; i += 1) {
        const { channel, ts } = posted[i % 2] ?? {};
        results.push(
          await tier3Client.chat
            .update({ channel: channel ?? '', ts: ts ?? '', text: `edit ${i}` })
            .catch((e: unknown) => e),
        );
      }
      const limited = results.filter((r) => r instanceof WebAPIRateLimitedError);
      // One bucket for every channel: the fourth and fifth edits wait, whichever channel they are in.
      expect(limited).toHaveLength(2);
      expect((limited[0] as WebAPIRateLimitedError).retryAfter).toBe(2);
      expect(tier3.rateLimitedByUpdateLimit()).toBe(2);
      expect(tier3.calls('chat.update').map((call) => call.fault)).toEqual([
        undefined,
        undefined,
        undefined,
        'updateLimit',
        'updateLimit',
      ]);
    } finally {
      await tier3.close();
    }
    const message = await client.chat.postMessage({ channel: 'C1', text: 'card' });
    for (let i = 0; i < 10; i += 1)
      await client.chat.update({ channel: 'C1', ts: message.ts ?? '', text: `edit ${i}` });
    expect(emu.rateLimitedByUpdateLimit()).toBe(0);
  });

  it('lets the default client wait out a 429 and retry', async () => {
    const patient = new WebClient('xoxb-test', { slackApiUrl: emu.url, logger: silentSlackLogger });
    emu.failNext('chat.update', 1, { status: 429, retryAfter: 1 });
    const posted = await patient.chat.postMessage({ channel: 'C1', text: 'a' });
    const started = Date.now();
    await patient.chat.update({ channel: 'C1', ts: posted.ts as string, text: 'b' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(emu.calls('chat.update').map((c) => c.status)).toEqual([429, 200]);
  });

  it('injects 500 and 503 (HTTP errors) and ok:false platform errors', async () => {
    emu.failNext('chat.postMessage', 1, { status: 500 });
    emu.failNext('chat.postMessage', 1, { status: 503 });
    emu.failNext('chat.postMessage', 1, { error: 'channel_not_found' });
    const e500 = await caught(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    const e503 = await caught(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    const platform = await caught(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect((e500 as WebAPIHTTPError).statusCode).toBe(500);
    expect((e503 as WebAPIHTTPError).statusCode).toBe(503);
    expect(platform).toMatchObject({ data: { ok: false, error: 'channel_not_found' } });
    expect(emu.messages('C1')).toEqual([]);
    await client.chat.postMessage({ channel: 'C1', text: 'fine again' });
    expect(emu.messages('C1')).toHaveLength(1);
  });

  it('carries out the call and then loses the answer (500)', async () => {
    emu.failNext('chat.postMessage', 1, { lostAnswer: 'status500' });
    const err = await caught(client.chat.postMessage({ channel: 'C1', text: 'did it post?' }));
    expect(err).toBeInstanceOf(WebAPIHTTPError);
    expect(emu.messages('C1').map((m) => m.text)).toEqual(['did it post?']);
    expect(emu.calls('chat.postMessage')[0]).toMatchObject({
      status: 500,
      ok: true,
      fault: 'lostAnswer:status500',
    });
  });

  it('carries out the call and then closes the connection', async () => {
    emu.failNext('chat.postMessage', 1, { lostAnswer: 'connectionClosed' });
    const err = await caught(client.chat.postMessage({ channel: 'C1', text: 'half-sent' }));
    expect(err).toBeInstanceOf(WebAPIRequestError);
    expect(emu.messages('C1').map((m) => m.text)).toEqual(['half-sent']);
    await client.chat.postMessage({ channel: 'C1', text: 'next' });
    expect(emu.messages('C1')).toHaveLength(2);
  });

  it('answers slowly on request, so client timeouts fire while the work is done', async () => {
    const hasty = emulatorClient(emu.url, { timeout: 100 });
    emu.delayNext('chat.postMessage', 400);
    const err = await caught(hasty.chat.postMessage({ channel: 'C1', text: 'slow' }));
    expect(err).toBeInstanceOf(WebAPIRequestError);
    expect(emu.messages('C1')).toHaveLength(1);
  });
});
