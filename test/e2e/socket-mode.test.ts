import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';
import { type SlackEmulator, startSlackEmulator } from '../../src/dev/slack-emulator/index.js';
import { type SocketModeServer, slashCommandPayload } from '../../src/dev/slack-emulator/socket-mode.js';
import { type E2E, FAST_PACING, SIGNING_SECRET, startE2E } from '../support/e2e.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0INCIDENTS';
const USER = 'U0ONCALL';

/** Warroom in Socket Mode: Slack's deliveries come over the emulator's WebSocket, not HTTP. */
describe('Warroom in Socket Mode', () => {
  let emulator: SlackEmulator;
  let socketMode: SocketModeServer;
  let e2e: E2E;
  let port: number;
  let closed = false;

  beforeAll(async () => {
    emulator = await startSlackEmulator({ signingSecret: SIGNING_SECRET, ...FAST_PACING.emulator });
    socketMode = emulator.socketMode;
    port = await freeLoopbackPort();
    e2e = await startE2E({
      reuseEmulator: emulator,
      env: { SLACK_APP_TOKEN: 'xapp-1-test', PORT: String(port) },
    });
  });
  afterAll(async () => {
    if (!closed) await e2e.close();
  });

  function inject(text: string) {
    const payload = slashCommandPayload(emulator, {
      command: '/inject',
      text,
      userId: USER,
      channelId: CHANNEL,
    });
    return socketMode.send('slash_commands', payload);
  }

  it('connects over the socket and serves health on PORT', async () => {
    expect(socketMode.connected()).toBe(true);
    expect(e2e.warroom.url).toBe(`http://127.0.0.1:${port}`);
    const health = await fetch(`${e2e.warroom.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('answers /inject without arguments with the usage, in the ack', async () => {
    const ack = await inject('');
    expect(ack?.response_type).toBe('ephemeral');
    expect(`${ack?.text} ${JSON.stringify(ack?.blocks)}`).toMatch(/full/);
  });

  it('opens INC-0001 from /inject crash api and posts its card', async () => {
    const ack = await inject('crash api');
    expect(ack?.text).toMatch(/Injecting `crash` on `api`/);
    const card = await waitFor(() => emulator.messages(CHANNEL)[0], { what: 'the incident card' });
    expect(card.text).toMatch(/^INC-0001/);
  });

  it('closes the socket on shutdown', async () => {
    closed = true;
    await e2e.close();
    await waitFor(() => (socketMode.connected() ? undefined : true), { what: 'the socket to close' });
    expect(emulator.calls('apps.connections.open')).toHaveLength(1);
  });
});
