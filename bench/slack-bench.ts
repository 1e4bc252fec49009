import { loadConfig } from '../src/config.js';
import { createSlackDriver, type SlackDriver } from '../src/dev/slack-driver/index.js';
import { type SlackEmulator, startSlackEmulator } from '../src/dev/slack-emulator/index.js';
import { startWarroom, type Warroom } from '../src/main.js';
import { benchPrefix, dropPrefix, REDIS_URL, silent } from './support.js';

const SIGNING_SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench-token';
/** Slack's Tier 3, which `chat.update` belongs to: about 50 a minute. */
const TIER3_PER_MINUTE = 50;

export interface Bench {
  emulator: SlackEmulator;
  warroom: Warroom;
  driver: SlackDriver;
  close(): Promise<void>;
}

/**
 * The whole app on its own Redis prefix, talking to the local Slack emulator with Slack's limits
 * enforced (1 post a second per channel with bursts of 3, chat.update in Tier 3) and the outbox's
 * production pacing. `env` adds to (or overrides) the settings.
 */
export async function startBench(label: string, env: Record<string, string> = {}): Promise<Bench> {
  const emulator = await startSlackEmulator({
    signingSecret: SIGNING_SECRET,
    postBurst: 3,
    postRefillPerSec: 1,
    updateLimit: { burst: TIER3_PER_MINUTE, perMinute: TIER3_PER_MINUTE },
  });
  const prefix = benchPrefix(label);
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    PORT: '0',
    LOG_LEVEL: 'silent',
    MONITOR_INTERVAL_SECONDS: '0',
    ...env,
  });
  const warroom = await startWarroom(config, {
    logger: silent,
    botIdentity: { botId: emulator.identity.botId, botUserId: emulator.identity.botUserId },
  });
  const driver = createSlackDriver({ appUrl: warroom.url, signingSecret: SIGNING_SECRET, emulator });
  return {
    emulator,
    warroom,
    driver,
    async close() {
      await warroom.close();
      await Promise.all([emulator.close(), dropPrefix(prefix)]);
    },
  };
}

export async function inject(bench: Bench, text: string, channel: string, user: string): Promise<void> {
  const response = await bench.driver.slashCommand({
    command: '/inject',
    text,
    userId: user,
    channelId: channel,
  });
  if (response.status !== 200) throw new Error(`/inject ${text} answered ${response.status}`);
}
