import { loadConfig } from '../../src/config.js';
import { createSlackDriver, type SlackDriver } from '../../src/dev/slack-driver/index.js';
import {
  type SlackEmulator,
  type SlackEmulatorOptions,
  startSlackEmulator,
} from '../../src/dev/slack-emulator/index.js';
import { type StartOverrides, startWarroom, type Warroom } from '../../src/main.js';
import { deleteKeysWithPrefix, silentLogger, testRedisUrl, uniquePrefix } from './test-runtime.js';

export const SIGNING_SECRET = 'e2e-signing-secret';
export const BOT_TOKEN = 'xoxb-e2e-token';

/**
 * The Slack pacing of most suites: the emulator lets bursts through and the outbox posts every
 * 20 ms and updates every 50 ms, so a test waits on what it tests, not on Slack's 1 post/s per
 * channel. Suites about pacing and rate limits ask for `pacing: 'production'`, or set their own;
 * test/e2e/slack-pacing.test.ts proves the production settings keep within Slack's limits.
 */
export const FAST_PACING = {
  emulator: { postBurst: 1000 },
  outbox: { postIntervalMs: 20, updateIntervalMs: 50 },
} as const satisfies { emulator: SlackEmulatorOptions; outbox: StartOverrides['outbox'] };

export interface E2E {
  emulator: SlackEmulator;
  warroom: Warroom;
  driver: SlackDriver;
  prefix: string;
  close(): Promise<void>;
}

/**
 * The whole product over real HTTP: the real Bolt app and workers on the real Redis, with the
 * real Slack Web API client talking to the local Slack emulator.
 */
export async function startE2E(
  options: {
    env?: Record<string, string>;
    overrides?: StartOverrides;
    emulator?: SlackEmulatorOptions;
    /** Keep the same Slack workspace across an app restart. */
    reuseEmulator?: SlackEmulator;
    /** `fast` (default): FAST_PACING under the test's own settings; `production`: Slack's limits and the outbox's defaults. */
    pacing?: 'fast' | 'production';
  } = {},
): Promise<E2E> {
  const fast = (options.pacing ?? 'fast') === 'fast';
  const emulator =
    options.reuseEmulator ??
    (await startSlackEmulator({
      signingSecret: SIGNING_SECRET,
      ...(fast ? FAST_PACING.emulator : {}),
      ...options.emulator,
    }));
  const prefix = options.env?.REDIS_PREFIX ?? uniquePrefix('e2e');
  const redisUrl = testRedisUrl();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    PORT: '0',
    LOG_LEVEL: 'silent',
    // Most suites test other things; the monitor's suite turns it on.
    MONITOR_INTERVAL_SECONDS: '0',
    // Suites check the main channel's thread; the incident channel's suite turns them on.
    INCIDENT_CHANNELS: 'off',
    ...options.env,
  });
  const warroom = await startWarroom(config, {
    logger: silentLogger(),
    botIdentity: { botId: emulator.identity.botId, botUserId: emulator.identity.botUserId },
    ...options.overrides,
    outbox: { ...(fast ? FAST_PACING.outbox : {}), ...options.overrides?.outbox },
  });
  const driver = createSlackDriver({ appUrl: warroom.url, signingSecret: SIGNING_SECRET, emulator });
  return {
    emulator,
    warroom,
    driver,
    prefix,
    async close() {
      await warroom.close();
      await emulator.close();
      await deleteKeysWithPrefix(redisUrl, prefix);
    },
  };
}
