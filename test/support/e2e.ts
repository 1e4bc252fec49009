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
  } = {},
): Promise<E2E> {
  const emulator =
    options.reuseEmulator ??
    (await startSlackEmulator({ signingSecret: SIGNING_SECRET, ...options.emulator }));
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
