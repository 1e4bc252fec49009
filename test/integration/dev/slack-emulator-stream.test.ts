import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { emulatorClient } from '../../support/emulator-client.js';

const CHANNEL = 'C0STREAM';
const TEAM = 'T0WARROOM';
const USER = 'U0ONCALL';

let emu: SlackEmulator;
let client: WebClient;
/** The emulator's clock, moved by the tests (Slack ends a stream left open about 5 minutes). */
let nowMs = Date.parse('2026-12-06T10:00:00Z');

beforeAll(async () => {
  emu = await startSlackEmulator({ postBurst: 1000, now: () => nowMs });
  client = emulatorClient(emu.url);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function slackError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    const data = (err as { data?: { error: string } }).data;
    if (data) return data.error;
    throw err;
  }
  throw new Error('expected the call to fail');
}

async function threadRoot(): Promise<string> {
  const root = await client.chat.postMessage({ channel: CHANNEL, text: 'INC-0001 · Diagnosing' });
  return root.ts ?? '';
}

const task = (id: string, status: 'pending' | 'in_progress' | 'complete' | 'error', details?: string) => ({
  type: 'task_update' as const,
  id,
  title: `Task ${id}`,
  status,
  ...(details ? { details } : {}),
});

describe('Slack emulator: streams and the status line', () => {
  it('folds plan and task chunks into one plan of task cards, appends to it, and stops with blocks and metadata', async () => {
    const threadTs = await threadRoot();
    const started = await client.chat.startStream({
      channel: CHANNEL,
      thread_ts: threadTs,
      recipient_user_id: USER,
      recipient_team_id: TEAM,
      task_display_mode: 'plan',
      chunks: [
        { type: 'plan_update', title: 'Diagnosis · 0/2' },
        task('a', 'in_progress'),
        task('b', 'pending'),
      ],
    });
    const ts = started.ts ?? '';
    expect(emu.message(CHANNEL, ts)?.stream).toMatchObject({ live: true, recipientUser: USER });

    await client.chat.appendStream({ channel: CHANNEL, ts, chunks: [task('a', 'complete', '42 ms')] });
    await client.chat.stopStream({
      channel: CHANNEL,
      ts,
      chunks: [{ type: 'plan_update', title: 'Diagnosis · 2/2' }, task('b', 'error')],
      blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'Updated now' }] }],
      metadata: { event_type: 'warroom_message', event_payload: { key: 'progress' } },
    });

    const message = emu.message(CHANNEL, ts);
    expect(message?.stream).toMatchObject({ live: false, ended: 'stopped', appends: 1 });
    expect(message?.metadata?.event_payload).toEqual({ key: 'progress' });
    expect(message?.blocks).toEqual([
      {
        type: 'plan',
        title: 'Diagnosis · 2/2',
        tasks: [
          {
            type: 'task_card',
            task_id: 'a',
            title: 'Task a',
            status: 'complete',
            details: {
              type: 'rich_text',
              elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: '42 ms' }] }],
            },
          },
          { type: 'task_card', task_id: 'b', title: 'Task b', status: 'error' },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Updated now' }] },
    ]);
    // Stopped: no more appends, but chat.update works as on any message.
    expect(
      await slackError(client.chat.appendStream({ channel: CHANNEL, ts, chunks: [task('a', 'error')] })),
    ).toBe('message_not_in_streaming_state');
    await client.chat.update({ channel: CHANNEL, ts, text: 'replaced', blocks: [] });
  });

  it('refuses a stream in a channel without its recipient, and bad chunks, and a start a test switched off', async () => {
    const threadTs = await threadRoot();
    const base = { channel: CHANNEL, thread_ts: threadTs, chunks: [task('a', 'pending')] };
    expect(await slackError(client.chat.startStream(base))).toBe('invalid_arguments');
    const full = { ...base, recipient_user_id: USER, recipient_team_id: TEAM };
    expect(
      await slackError(
        client.chat.startStream({ ...full, chunks: [{ ...task('a', 'pending'), details: 'x'.repeat(257) }] }),
      ),
    ).toBe('invalid_chunks');
    emu.refuseStreams('not_allowed_token_type');
    expect(await slackError(client.chat.startStream(full))).toBe('not_allowed_token_type');
    emu.refuseStreams(undefined);
    // The control: the same start goes through once the switch is off.
    expect((await client.chat.startStream(full)).ok).toBe(true);
  });

  it('ends a stream left open past about 5 minutes, and on a test switch', async () => {
    const threadTs = await threadRoot();
    const start = () =>
      client.chat.startStream({
        channel: CHANNEL,
        thread_ts: threadTs,
        recipient_user_id: USER,
        recipient_team_id: TEAM,
        chunks: [task('a', 'in_progress')],
      });
    const aged = (await start()).ts ?? '';
    nowMs += 4 * 60_000;
    await client.chat.appendStream({ channel: CHANNEL, ts: aged, chunks: [task('a', 'complete')] });
    nowMs += 2 * 60_000;
    expect(await slackError(client.chat.stopStream({ channel: CHANNEL, ts: aged }))).toBe(
      'message_not_in_streaming_state',
    );
    expect(emu.message(CHANNEL, aged)?.stream?.ended).toBe('expired');

    emu.expireStreamsAfter(1);
    const switched = (await start()).ts ?? '';
    await client.chat.appendStream({ channel: CHANNEL, ts: switched, chunks: [task('a', 'complete')] });
    expect(
      await slackError(
        client.chat.appendStream({ channel: CHANNEL, ts: switched, chunks: [task('a', 'error')] }),
      ),
    ).toBe('message_not_in_streaming_state');
  });

  it('records the thread status line, and clearing it with an empty status', async () => {
    const threadTs = await threadRoot();
    await client.assistant.threads.setStatus({
      channel_id: CHANNEL,
      thread_ts: threadTs,
      status: 'is diagnosing INC-0001…',
      loading_messages: ['Triage…', 'Root-cause analysis…'],
    });
    await client.assistant.threads.setStatus({ channel_id: CHANNEL, thread_ts: threadTs, status: '' });
    expect(
      emu.statusLines(CHANNEL, threadTs).map(({ status, loadingMessages }) => [status, loadingMessages]),
    ).toEqual([
      ['is diagnosing INC-0001…', ['Triage…', 'Root-cause analysis…']],
      ['', []],
    ]);
    expect(
      await slackError(
        client.assistant.threads.setStatus({ channel_id: CHANNEL, thread_ts: '1.000001', status: 'x' }),
      ),
    ).toBe('invalid_thread_ts');
  });
});
