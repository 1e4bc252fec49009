/**
 * Local mode acts as a signed-in approver, so only the playground page itself, on this machine,
 * may drive it: loopback interface, loopback Host, same Origin, JSON bodies, no client-chosen ids.
 */
import { request } from 'node:http';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CHANNEL, DEMO_USER } from '../../src/dev/local-mode.js';
import { type LocalModeApp, startLocalModeApp } from '../support/local-mode.js';
import { waitFor } from '../support/test-runtime.js';

/** A raw request, so Host and Origin can be anything (fetch will not forge Host). */
function send(
  url: string,
  options: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function externalIPv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describe('local mode answers only its own page on this machine', () => {
  let app: LocalModeApp;
  let hostHeader: string;
  beforeAll(async () => {
    app = await startLocalModeApp();
    hostHeader = `localhost:${new URL(app.pageUrl).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('listens on 127.0.0.1, not on the machine’s other interfaces', async () => {
    expect((await fetch(`${app.pageUrl}/healthz`)).status).toBe(200);
    const external = externalIPv4();
    if (!external) return;
    const reached = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: external, port: Number(new URL(app.pageUrl).port) });
      socket.once('connect', () => resolve(true));
      socket.once('error', () => resolve(false));
    }).catch(() => false);
    expect(reached).toBe(false);
  });

  it.each([
    [
      'a cross-site text/plain form post',
      { 'content-type': 'text/plain', origin: 'https://evil.example' },
      403,
      'forbidden_origin',
    ],
    ['a same-origin text/plain post', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
    [
      'JSON from another origin',
      { 'content-type': 'application/json', origin: 'https://evil.example' },
      403,
      'forbidden_origin',
    ],
    [
      'JSON through a rebound DNS name',
      { 'content-type': 'application/json', host: 'evil.example:3000', origin: 'http://evil.example:3000' },
      403,
      'forbidden_host',
    ],
  ])('refuses %s to /playground/command and runs nothing', async (_what, headers, status, error) => {
    const answer = await send(app.pageUrl, {
      method: 'POST',
      path: '/playground/command',
      headers: { host: hostHeader, ...headers },
      body: JSON.stringify({ text: '/incident kill-switch on' }),
    });
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error });
    expect((await app.warroom.runtime.ctx.killSwitch.state()).on).toBe(false);
  });

  it('refuses the state feed to a rebound DNS name', async () => {
    const answer = await send(app.pageUrl, {
      method: 'GET',
      path: '/playground/state',
      headers: { host: 'evil.example' },
    });
    expect(answer.status).toBe(403);
  });

  it.each([
    ['/playground/command', { text: '/incident kill-switch on', userId: 'U0BOSS' }],
    ['/playground/command', { text: '/incident kill-switch on', channelId: 'C0OTHER' }],
    ['/playground/close', { viewId: 'V0NOPE', userId: 'U0BOSS' }],
  ])('lets no client choose who or where: %s %j answers 400', async (path, body) => {
    const answer = await send(app.pageUrl, {
      method: 'POST',
      path,
      headers: { host: hostHeader, origin: `http://${hostHeader}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(answer.status).toBe(400);
    expect((await app.warroom.runtime.ctx.killSwitch.state()).on).toBe(false);
  });

  it.each([
    ['POST', '/playground/command', { text: '/incident kill-switch on', channel: 'C0OTHER' }],
    ['POST', '/playground/action', { channel: 'C0OTHER', messageTs: '1732233445.000100', actionId: 'x' }],
    ['GET', '/playground/state?channel=C0OTHER', undefined],
  ])('acts only in the channels it lists: %s %s answers 404', async (method, path, body) => {
    const answer = await send(app.pageUrl, {
      method,
      path,
      headers: { host: hostHeader, origin: `http://${hostHeader}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(answer.status).toBe(404);
    expect((await app.warroom.runtime.ctx.killSwitch.state()).on).toBe(false);
  });

  it('runs the page’s own JSON request as the signed-in demo user', async () => {
    const answer = await send(app.pageUrl, {
      method: 'POST',
      path: '/playground/command',
      headers: {
        host: hostHeader,
        origin: `http://${hostHeader}`,
        'content-type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify({ text: '/incident declare api same-origin check sev3' }),
    });
    expect(answer.status).toBe(200);
    const ticket = await waitFor(async () => (await app.warroom.runtime.ctx.tickets.listRecent(10))[0]);
    expect(ticket).toMatchObject({ issue: 'same-origin check', channel: DEMO_CHANNEL.id });
    const timeline = await app.warroom.runtime.ctx.timeline.read(ticket.id);
    expect(JSON.stringify(timeline)).toContain(DEMO_USER.id);
  });
});
