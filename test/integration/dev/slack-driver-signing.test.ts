import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackDriver, type SlackDriver } from '../../../src/dev/slack-driver/index.js';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';

const SECRET = 'test-signing-secret';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let received: Received[] = [];
let app: Server;
let emu: SlackEmulator;
let driver: SlackDriver;

/** An independent check of Slack's v0 signature, as an app would do it. */
function verifies(headers: IncomingHttpHeaders, body: string): boolean {
  const timestamp = String(headers['x-slack-request-timestamp']);
  const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const given = String(headers['x-slack-signature']);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  emu = await startSlackEmulator();
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
  driver = createSlackDriver({ appUrl, signingSecret: SECRET, emulator: emu });
});
afterAll(async () => {
  await emu.close();
  await new Promise((resolve) => app.close(resolve));
});
beforeEach(() => {
  received = [];
});

function last(): Received {
  const r = received.at(-1);
  if (r === undefined) throw new Error('nothing received');
  return r;
}

describe('Slack driver: what goes over the wire', () => {
  it('signs a slash command so an independent HMAC check accepts it', async () => {
    const res = await driver.slashCommand({
      command: '/inject',
      text: 'db is slow',
      userId: 'U0ANN',
      channelId: 'C0INC',
    });
    expect(res).toMatchObject({ status: 200, json: { ok: true } });
    const { path, headers, body } = last();
    expect(path).toBe('/slack/events');
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Math.abs(Number(headers['x-slack-request-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(verifies(headers, body)).toBe(true);
    const form = Object.fromEntries(new URLSearchParams(body));
    expect(form).toMatchObject({
      team_id: 'T0WARROOM',
      channel_id: 'C0INC',
      user_id: 'U0ANN',
      user_name: 'user.0ann',
      command: '/inject',
      text: 'db is slow',
      api_app_id: 'A0WARROOM',
      is_enterprise_install: 'false',
    });
    expect(form.response_url).toMatch(new RegExp(`^${emu.origin}/response/`));
    expect(emu.calls()).toEqual([]);
  });

  it('forges signatures, skews timestamps and marks retries on request', async () => {
    await driver.event({
      event: { type: 'app_mention', text: 'hi' },
      retryNum: 1,
      timestampSkewSeconds: -600,
    });
    const retried = last();
    expect(retried.headers['content-type']).toBe('application/json');
    expect(retried.headers['x-slack-retry-num']).toBe('1');
    expect(retried.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect(Number(retried.headers['x-slack-request-timestamp'])).toBeLessThan(Date.now() / 1000 - 590);
    expect(verifies(retried.headers, retried.body)).toBe(true);
    await driver.slashCommand({
      command: '/inject',
      userId: 'U1',
      channelId: 'C1',
      signatureOverride: 'v0=00',
    });
    expect(verifies(last().headers, last().body)).toBe(false);
  });

  it('sends block_actions with the message from the emulator', async () => {
    const posted = await fetch(`${emu.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'C0INC',
        text: 'INC-1',
        blocks: [
          {
            type: 'actions',
            block_id: 'inc-actions',
            elements: [
              { type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Acknowledge' } },
            ],
          },
        ],
      }),
    }).then((r) => r.json() as Promise<{ ts: string }>);
    await driver.blockAction({
      userId: 'U0ANN',
      channelId: 'C0INC',
      messageTs: posted.ts,
      actionId: 'ack',
      value: 'INC-1',
    });
    const { headers, body } = last();
    expect(verifies(headers, body)).toBe(true);
    const payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '{}');
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ANN', username: 'user.0ann', team_id: 'T0WARROOM' },
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C0INC', is_ephemeral: false },
      channel: { id: 'C0INC' },
      message: { ts: posted.ts, text: 'INC-1', bot_id: 'B0WARBOT' },
      actions: [
        {
          action_id: 'ack',
          block_id: 'inc-actions',
          value: 'INC-1',
          type: 'button',
          text: { text: 'Acknowledge' },
        },
      ],
    });
    expect(payload.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
  });

  it('sends view_submission and Events API envelopes', async () => {
    await driver.viewSubmission({
      userId: 'U0ANN',
      view: {
        callback_id: 'declare',
        private_metadata: '{"c":"C1"}',
        state: { values: { t: { v: { type: 'plain_text_input', value: 'x' } } } },
      },
    });
    const submission = JSON.parse(new URLSearchParams(last().body).get('payload') ?? '{}');
    expect(submission).toMatchObject({
      type: 'view_submission',
      view: {
        type: 'modal',
        callback_id: 'declare',
        private_metadata: '{"c":"C1"}',
        state: { values: { t: { v: { value: 'x' } } } },
      },
    });
    await driver.event({ event: { type: 'app_home_opened', user: 'U0ANN' }, eventId: 'Ev42' });
    expect(JSON.parse(last().body)).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev42',
      team_id: 'T0WARROOM',
    });
    await driver.urlVerification('abc');
    expect(JSON.parse(last().body)).toMatchObject({ type: 'url_verification', challenge: 'abc' });
  });
});
