import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../src/dev/slack-driver/signing.js';
import { type E2E, SIGNING_SECRET, startE2E } from '../support/e2e.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0GATE';
const USER = 'U0ONCALL';

/** Posts `rawBody` to /slack/events, signed as Slack would (or with extra headers). */
async function postSigned(
  e2e: E2E,
  rawBody: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  skewSeconds = 0,
) {
  const headers = signedHeaders(SIGNING_SECRET, Date.now(), rawBody, contentType, {
    timestampSkewSeconds: skewSeconds,
  });
  const response = await fetch(`${e2e.warroom.url}/slack/events`, { method: 'POST', headers, body: rawBody });
  return { status: response.status, body: await response.text() };
}

async function stillServing(e2e: E2E) {
  const health = await fetch(`${e2e.warroom.url}/healthz`);
  expect(health.status).toBe(200);
  const command = await e2e.driver.slashCommand({
    command: '/incident',
    text: 'help',
    userId: USER,
    channelId: CHANNEL,
  });
  expect(command.status).toBe(200);
}

/** Writes a request head by hand: a body far larger than what is then sent. */
function rawRequest(port: number, head: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (/\r\n\r\n/.test(received)) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', reject);
    socket.write(`${head}\r\n\r\n${body}`);
  });
}

describe('/slack/events refuses what Bolt would choke on or act on twice', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  it.each([
    ['payload=null', 'application/x-www-form-urlencoded'],
    ['payload=42', 'application/x-www-form-urlencoded'],
    ['payload=%22text%22', 'application/x-www-form-urlencoded'],
    ['payload=%5B%5D', 'application/x-www-form-urlencoded'],
    ['null', 'application/json'],
    ['[1,2]', 'application/json'],
    ['"hello"', 'application/json'],
  ] as const)('answers 400 to the signed body %s and keeps running', async (body, contentType) => {
    const response = await postSigned(e2e, body, contentType);
    expect(response.status).toBe(400);
    await stillServing(e2e);
  });

  it('refuses a timestamp from the future beyond a minute, and changes nothing', async () => {
    const body = new URLSearchParams({
      command: '/incident',
      text: 'declare api future request sev3',
      user_id: USER,
      channel_id: CHANNEL,
      trigger_id: '1.2.future',
      response_url: 'https://hooks.slack.com/commands/T0/1/x',
    }).toString();
    const response = await postSigned(e2e, body, 'application/x-www-form-urlencoded', 10 * 60);
    expect(response.status).toBe(401);
    // Refused by the gate before Bolt: no listener ran, so nothing can land after the 401.
    const futureTickets = async () =>
      (await e2e.warroom.runtime.ctx.tickets.listRecent(50)).filter(
        (ticket) => ticket.issue === 'future request',
      );
    expect(await futureTickets()).toEqual([]);

    // Positive control: the same request signed now does declare the incident.
    const now = body.replace('trigger_id=1.2.future', 'trigger_id=1.2.present');
    expect((await postSigned(e2e, now, 'application/x-www-form-urlencoded')).status).toBe(200);
    await waitFor(async () => ((await futureTickets()).length === 1 ? true : undefined), {
      what: 'the request signed now to declare its incident',
    });
  });

  it('acts once on a signed /incident declare sent three times', async () => {
    const first = await e2e.driver.slashCommand({
      command: '/incident',
      text: 'declare api exact replay sev3',
      userId: USER,
      channelId: CHANNEL,
    });
    expect(first.status).toBe(200);
    const replay = () =>
      fetch(`${e2e.warroom.url}/slack/events`, {
        method: 'POST',
        headers: first.sent.headers,
        body: first.sent.rawBody,
      });
    const replays = await Promise.all([replay(), replay()]);
    expect(replays.map((response) => response.status)).toEqual([200, 200]);
    const declared = async () =>
      (await e2e.warroom.runtime.ctx.tickets.listRecent(50)).filter(
        (ticket) => ticket.issue === 'exact replay',
      );
    await waitFor(async () => ((await declared()).length > 0 ? true : undefined));
    // The replays were answered by the gate before Bolt (no listener ran): the original is all.
    expect(await declared()).toHaveLength(1);
  });

  it("still handles Slack's own retry of an event (X-Slack-Retry-Num), once per event id", async () => {
    const ticket = await waitFor(async () =>
      (await e2e.warroom.runtime.ctx.tickets.listRecent(50)).find((t) => t.issue === 'exact replay'),
    );
    const card = await waitFor(() =>
      e2e.emulator.messages(CHANNEL).find((message) => message.text.startsWith(ticket.id)),
    );
    const comment = {
      type: 'message',
      user: USER,
      text: 'retried comment',
      ts: '1732233445.000900',
      channel: CHANNEL,
      thread_ts: card.ts,
    };
    // The first attempt never arrived: Slack's retry alone must land.
    const retry = await e2e.driver.event({ event: comment, eventId: 'EvRETRY1', retryNum: 1 });
    expect(retry.status).toBe(200);
    const again = await e2e.driver.event({ event: comment, eventId: 'EvRETRY1', retryNum: 2 });
    expect(again.status).toBe(200);
    const comments = async () =>
      (await e2e.warroom.runtime.ctx.timeline.read(ticket.id)).filter(
        (entry) => entry.type === 'comment' && entry.data.text === 'retried comment',
      );
    await waitFor(async () => ((await comments()).length > 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await comments()).toHaveLength(1);
  });

  it('answers 413 at once to a huge declared Content-Length, and keeps running', async () => {
    const port = new URL(e2e.warroom.url).port;
    const head = [
      'POST /slack/events HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Content-Type: application/json',
      'Content-Length: 10000000000',
    ].join('\r\n');
    const answer = await rawRequest(Number(port), head, '{"type":"event_callback"');
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    await stillServing(e2e);
  });
});
