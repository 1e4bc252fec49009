import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { renderSeriesChart } from '../../../src/slack/charts/index.js';
import {
  createSlackCaller,
  SlackCallError,
  type SlackCaller,
} from '../../../src/slack/outbox/slack-calls.js';
import { uploadChart } from '../../../src/slack/outbox/upload-chart.js';
import { readPng } from '../../support/png-reader.js';
import { silentLogger } from '../../support/test-runtime.js';

const CHANNEL = 'C0CHARTS';
const series = Array.from({ length: 30 }, (_, i) => 40 + 1.5 * i);

let emu: SlackEmulator;
let slack: SlackCaller;

beforeAll(async () => {
  emu = await startSlackEmulator({ postBurst: 1000 });
  const client = new WebClient('xoxb-test', {
    slackApiUrl: emu.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
  slack = createSlackCaller(client, silentLogger());
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

/** A small chart into a fresh thread, expected to fail: what uploadChart threw, and the thread. */
async function failedSmallUpload(fetchImpl: typeof fetch): Promise<{ failure: unknown; threadTs: string }> {
  const threadTs = await rootMessage();
  const png = renderSeriesChart({ series, stepMinutes: 1, width: 64, height: 32 });
  const upload = {
    channel: CHANNEL,
    threadTs,
    filename: 'chart.png',
    title: 'chart',
    png,
    altText: 'a chart',
  };
  const failure = await uploadChart(slack, fetchImpl, upload).then(
    () => expect.fail('the upload should have failed'),
    (error: unknown) => error,
  );
  return { failure, threadTs };
}

async function rootMessage(): Promise<string> {
  const root = await slack.call<{ ts: string }>('chat.postMessage', { channel: CHANNEL, text: 'INC-0042' });
  return root.ts;
}

describe('uploadChart through the emulator', () => {
  it('shares the PNG in the thread in three steps, bytes intact', async () => {
    const threadTs = await rootMessage();
    const png = renderSeriesChart({ title: 'disk_pct storage', series, stepMinutes: 1, threshold: 95 });

    const { fileId } = await uploadChart(slack, fetch, {
      channel: CHANNEL,
      threadTs,
      filename: 'inc-0042-disk.png',
      title: 'storage disk_pct, last 30 min',
      png,
      altText: 'storage disk usage climbing towards 95%',
      initialComment: 'disk full on storage in about 8 min (7–8)',
    });

    expect(emu.calls().map((call) => call.method)).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    const [file] = emu.files();
    expect(file).toMatchObject({
      id: fileId,
      filename: 'inc-0042-disk.png',
      title: 'storage disk_pct, last 30 min',
      altText: 'storage disk usage climbing towards 95%',
      declaredLength: png.length,
      completed: true,
      channel: CHANNEL,
      threadTs,
    });
    expect(file?.bytes?.equals(png)).toBe(true);
    const decoded = readPng(file?.bytes ?? Buffer.alloc(0));
    expect([decoded.width, decoded.height]).toEqual([640, 280]);
    expect(decoded.scanlines).toHaveLength(280 * (1 + 640 * 4));

    const [shared] = emu.thread(CHANNEL, threadTs);
    expect(shared).toMatchObject({
      text: 'disk full on storage in about 8 min (7–8)',
      files: [{ id: fileId, name: 'inc-0042-disk.png' }],
    });
    expect(emu.messages(CHANNEL)).toHaveLength(1);
  });

  it('says what failed when Slack refuses to complete the upload', async () => {
    emu.failNext('files.completeUploadExternal', 1, { error: 'not_in_channel' });
    const { failure, threadTs } = await failedSmallUpload(fetch);
    expect(failure).toBeInstanceOf(SlackCallError);
    expect((failure as SlackCallError).failure).toMatchObject({ kind: 'permanent', error: 'not_in_channel' });
    expect(emu.thread(CHANNEL, threadTs)).toEqual([]);
  });

  it('turns a refused byte upload into a permanent failure before completing', async () => {
    // The emulator's upload host answers 404 for a file id it never handed out.
    const refusing: typeof fetch = (url, init) =>
      fetch(String(url).replace(/\/upload\/[^/]+$/, '/upload/FUNKNOWN'), init);
    const { failure } = await failedSmallUpload(refusing);
    expect((failure as SlackCallError).failure).toMatchObject({ kind: 'permanent', error: 'http_404' });
    expect(emu.calls('files.completeUploadExternal')).toEqual([]);
  });
});
