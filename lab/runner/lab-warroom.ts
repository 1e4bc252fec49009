import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';
import { DEMO_USER } from '../../src/dev/local/playground-identity.js';
import { createSlackDriver, type SlackDriver } from '../../src/dev/slack-driver/index.js';
import { type SlackEmulator, startSlackEmulator } from '../../src/dev/slack-emulator/index.js';
import type { Logger } from '../../src/log.js';
import { startWarroom, type Warroom } from '../../src/main.js';
import { LAB_WARROOM_SETTINGS, labExecutorEnv } from '../config/catalog.js';
import type { LabTools } from './debian-tools.js';
import { type RunningLab, startLab } from './start-lab.js';

const SIGNING_SECRET = 'lab-signing-secret';
const BOT_TOKEN = 'xoxb-lab-token';
/** Where alert-opened incidents go in the emulated workspace. */
export const LAB_CHANNEL = 'C0LAB';
/** The lab catalog's one approver (the playground's person). */
export const LAB_APPROVER = DEMO_USER.id;

export interface LabWarroomOptions {
  dir: string;
  tools: LabTools;
  redisUrl: string;
  /** Redis key prefix for this Warroom; everything it writes lives under it. */
  prefix: string;
  logger: Logger;
  /** More Warroom settings (env names, as in .env.example). */
  env?: Record<string, string>;
}

/** The lab with a Warroom in this process behind it: Alertmanager posts to it, Slack is the emulator. */
export interface LabWarroom {
  lab: RunningLab;
  warroom: Warroom;
  emulator: SlackEmulator;
  /** Signs requests as Slack would: clicks reach the real Bolt app over HTTP. */
  driver: SlackDriver;
  channel: string;
  approver: string;
  close(): Promise<void>;
}

/**
 * Starts the lab (supervisord, services, load, Prometheus, Alertmanager) with its webhook on a port
 * picked first, then the local Slack emulator and Warroom on that port reading the lab's Prometheus,
 * catalog and runbooks, with the lab's executor secrets. Alertmanager retries until Warroom answers.
 */
export async function startLabWarroom(options: LabWarroomOptions): Promise<LabWarroom> {
  const port = await freeLoopbackPort();
  const token = randomBytes(24).toString('hex');
  const lab = await startLab({
    dir: options.dir,
    tools: options.tools,
    webhook: { url: `http://127.0.0.1:${port}/webhooks/alertmanager`, token },
  });
  let emulator: SlackEmulator | undefined;
  try {
    emulator = await startSlackEmulator({ signingSecret: SIGNING_SECRET });
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.url,
      SLACK_INCIDENT_CHANNEL: LAB_CHANNEL,
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      WEBHOOK_TOKEN: token,
      PROMETHEUS_URL: lab.urls.prometheus,
      WARROOM_CATALOG: lab.catalogFile,
      WARROOM_RUNBOOKS: lab.runbooksFile,
      LOCAL_COMMANDS: 'true',
      ...LAB_WARROOM_SETTINGS,
      // Only the real alerts open incidents here: the monitor would race them to it.
      MONITOR_INTERVAL_SECONDS: '0',
      // The lab's page and its tests follow the lab channel's threads.
      INCIDENT_CHANNELS: 'off',
      ...options.env,
    });
    const warroom = await startWarroom(config, {
      logger: options.logger,
      botIdentity: { botId: emulator.identity.botId, botUserId: emulator.identity.botUserId },
      credentialEnv: labExecutorEnv(lab.layout),
    });
    const driver = createSlackDriver({ appUrl: warroom.url, signingSecret: SIGNING_SECRET, emulator });
    const started = emulator;
    return {
      lab,
      warroom,
      emulator: started,
      driver,
      channel: LAB_CHANNEL,
      approver: LAB_APPROVER,
      async close() {
        await warroom.close();
        await started.close();
        await lab.stop();
      },
    };
  } catch (error) {
    await emulator?.close();
    await lab.stop();
    throw error;
  }
}
