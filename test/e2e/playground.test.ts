import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_COMMANDS } from '../../src/dev/local/playground-identity.js';
import type { FeedItem, FeedMessage, PlaygroundState } from '../../src/dev/local/playground-state.js';
import { APPROVE, REJECT, REJECT_REASON_BLOCK, REJECT_REASON_INPUT } from '../../src/slack/action-ids.js';
import { type LocalModeApp, startLocalModeApp } from '../support/local-mode.js';
import { waitFor } from '../support/test-runtime.js';

async function post(app: LocalModeApp, path: string, body: unknown) {
  const response = await fetch(`${app.pageUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function state(app: LocalModeApp): Promise<PlaygroundState> {
  return (await (await fetch(`${app.pageUrl}/playground/state`)).json()) as PlaygroundState;
}

const card = (feed: FeedItem[], id: string) =>
  feed.find((item): item is FeedMessage => item.kind === 'message' && item.text.startsWith(`${id} · `));

const hasButton = (item: FeedItem, actionId: string) =>
  JSON.stringify(item.blocks ?? []).includes(`"${actionId}"`);

describe('local mode playground over HTTP', () => {
  let app: LocalModeApp;
  beforeAll(async () => {
    app = await startLocalModeApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves a self-contained page at /', async () => {
    const response = await fetch(`${app.pageUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('id="composer-input"');
    expect(html).toContain('#warroom');
    // Works offline: nothing is loaded from anywhere else.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    // Its script: the modules in src/dev/playground/browser, bundled into one inline module.
    expect(html).toMatch(/<script type="module">[\s\S]*function renderMrkdwn\(/);
  });

  it('/inject crash api → the feed shows the card and its thread', async () => {
    const sent = await post(app, '/playground/command', { text: '/inject crash api' });
    expect(sent.status).toBe(200);
    expect(JSON.stringify(sent.json.response)).toMatch(/Injecting/);
    const found = await waitFor(
      async () => {
        const root = card((await state(app)).feed, 'INC-0001');
        return root?.replies.some((reply) => reply.kind === 'message') ? root : undefined;
      },
      { timeoutMs: 30_000, what: 'the card with thread messages' },
    );
    expect(found.fromBot).toBe(true);
    expect(JSON.stringify(found.blocks)).toMatch(/INC-0001/);
    const feed = (await state(app)).feed;
    expect(feed.some((item) => item.kind === 'ephemeral' && /Injecting/.test(item.text))).toBe(true);
  });

  it('/inject with no argument → the usage shows in the feed, privately', async () => {
    const sent = await post(app, '/playground/command', { text: '/inject' });
    expect(sent.status).toBe(200);
    const current = await state(app);
    const usage = current.feed.filter((item) => item.kind === 'ephemeral').at(-1);
    expect(JSON.stringify(usage)).toMatch(/full/);
    expect(JSON.stringify(usage)).toMatch(/crash/);
    expect(current.me).toEqual({ id: 'U0DEMO', name: 'you' });
  });

  it('Reject opens a modal; an empty reason is refused in the modal; a reason closes it', async () => {
    const approval = await waitFor(
      async () =>
        card((await state(app)).feed, 'INC-0001')?.replies.find((reply) => hasButton(reply, REJECT)),
      { timeoutMs: 30_000, what: 'the approval message' },
    );
    expect(hasButton(approval, APPROVE)).toBe(true);
    expect((await post(app, '/playground/action', { messageTs: approval.ts, actionId: REJECT })).status).toBe(
      200,
    );
    const modal = await waitFor(async () => (await state(app)).modal ?? undefined, {
      what: 'the reject modal',
    });

    const empty = await post(app, '/playground/submit', { viewId: modal.viewId, values: {} });
    expect(empty.json).toMatchObject({ closed: false, response: { response_action: 'errors' } });
    expect(JSON.stringify(empty.json)).toContain(REJECT_REASON_BLOCK);

    const values = { [REJECT_REASON_BLOCK]: { [REJECT_REASON_INPUT]: 'known issue, vendor fix today' } };
    const submitted = await post(app, '/playground/submit', { viewId: modal.viewId, values });
    expect(submitted.json).toMatchObject({ ok: true, closed: true });
    expect((await state(app)).modal).toBeNull();
    await waitFor(
      async () => (card((await state(app)).feed, 'INC-0001')?.text.includes('Rejected') ? true : undefined),
      {
        timeoutMs: 30_000,
        what: 'the card to say Rejected',
      },
    );
    // Once the decided message loses its buttons, a stale click is refused, not sent.
    await waitFor(
      async () => {
        const decided = card((await state(app)).feed, 'INC-0001')?.replies.find(
          (reply) => reply.ts === approval.ts,
        );
        return decided && !hasButton(decided, APPROVE) ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the approval message without buttons' },
    );
    const stale = await post(app, '/playground/action', { messageTs: approval.ts, actionId: APPROVE });
    expect(stale).toMatchObject({ status: 409, json: { error: 'button_gone' } });
  });

  it('answers bad input with 400 and a clear JSON error', async () => {
    const cases: Array<[string, unknown, number, string]> = [
      ['/playground/command', '{not json', 400, 'invalid_json'],
      ['/playground/command', {}, 400, 'invalid_request'],
      ['/playground/command', { text: 'hello' }, 400, 'not_a_command'],
      ['/playground/command', { text: '/deploy prod' }, 400, 'unknown_command'],
      ['/playground/command', { text: '/inject', userId: 'bob' }, 400, 'invalid_request'],
      ['/playground/action', { messageTs: 'yesterday', actionId: APPROVE }, 400, 'invalid_request'],
      ['/playground/action', { messageTs: '1700000000.000100', actionId: APPROVE }, 404, 'message_not_found'],
      ['/playground/submit', { viewId: 'V0NOPE', values: {} }, 404, 'view_not_open'],
      ['/playground/submit', { viewId: 'V0NOPE', values: { a: { b: 3 } } }, 400, 'invalid_request'],
    ];
    for (const [path, body, status, error] of cases) {
      const answer = await post(app, path, body);
      expect({ path, body, ...answer }).toMatchObject({ status, json: { ok: false, error } });
      expect(String(answer.json.message)).not.toBe('');
    }
    const badQuery = await fetch(`${app.pageUrl}/playground/state?userId=nobody`);
    expect(badQuery.status).toBe(400);
  });

  it('answers an unchanged state with 304, so polling twice a second stays cheap', async () => {
    // Retried: the crew may still be writing to the earlier incident's thread between the two reads.
    await waitFor(async () => {
      const etag = (await fetch(`${app.pageUrl}/playground/state`)).headers.get('etag');
      if (!etag) throw new Error('no etag');
      const again = await fetch(`${app.pageUrl}/playground/state`, { headers: { 'if-none-match': etag } });
      return again.status === 304 ? true : undefined;
    });
  });

  it('offers exactly the slash commands manifest.json declares', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as {
      features: { slash_commands: Array<{ command: string }> };
    };
    expect([...PLAYGROUND_COMMANDS].sort()).toEqual(
      manifest.features.slash_commands.map((c) => c.command).sort(),
    );
  });
});
