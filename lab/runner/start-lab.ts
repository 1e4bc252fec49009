import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';
import { LAB_WARROOM_SETTINGS, labExecutorEnv } from '../config/catalog.js';
import { LAB_FILES, writeLabFiles } from '../config/lab-files.js';
import { type LabLayout, SHOP } from '../topology.js';
import type { LabTools } from './debian-tools.js';
import { type GroupProcess, startGroup } from './process-group.js';
import { answersOk, waitFor } from './wait-for.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const READY_TIMEOUT_MS = 60_000;
const LOG_TAIL_CHARS = 3_000;

export interface StartLabOptions {
  dir: string;
  tools: LabTools;
  /** Where Alertmanager posts. Unset: a Warroom in local mode is started and receives the alerts. */
  webhook?: { url: string; token: string };
  loadRatePerSecond?: number;
}

export interface RunningLab {
  layout: LabLayout;
  urls: { prometheus: string; alertmanager: string; supervisor: string; warroom?: string };
  catalogFile: string;
  runbooksFile: string;
  /** Stops everything started, in order, leaving nothing running. */
  stop(): Promise<void>;
}

async function logTail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.slice(-LOG_TAIL_CHARS);
}

async function layoutFor(options: StartLabOptions, warroomPort: number | undefined): Promise<LabLayout> {
  const servicePorts: Record<string, number> = {};
  for (const service of SHOP) servicePorts[service.name] = await freeLoopbackPort();
  const webhookToken = options.webhook?.token ?? randomBytes(24).toString('hex');
  return {
    dir: options.dir,
    labToken: randomBytes(24).toString('hex'),
    servicePorts,
    prometheusPort: await freeLoopbackPort(),
    alertmanagerPort: await freeLoopbackPort(),
    supervisorPort: await freeLoopbackPort(),
    supervisorUser: 'lab',
    supervisorPassword: randomBytes(18).toString('hex'),
    webhookUrl: options.webhook?.url ?? `http://127.0.0.1:${warroomPort}/webhooks/alertmanager`,
    webhookToken,
    nodeBinary: process.execPath,
    repoRoot: REPO_ROOT,
    loadRatePerSecond: options.loadRatePerSecond ?? 5,
  };
}

/** Warroom in local mode (no Slack token: the playground stands in), reading the lab's Prometheus. */
function warroomEnv(layout: LabLayout, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PROMETHEUS_URL: `http://127.0.0.1:${layout.prometheusPort}`,
    WEBHOOK_TOKEN: layout.webhookToken,
    WARROOM_CATALOG: join(layout.dir, LAB_FILES.catalog),
    WARROOM_RUNBOOKS: join(layout.dir, LAB_FILES.runbooks),
    ...labExecutorEnv(layout),
    ...LAB_WARROOM_SETTINGS,
  };
  delete env.SLACK_BOT_TOKEN;
  delete env.SLACK_APP_TOKEN;
  return env;
}

function prometheusArgs(layout: LabLayout): string[] {
  return [
    `--config.file=${join(layout.dir, LAB_FILES.prometheus)}`,
    `--storage.tsdb.path=${join(layout.dir, 'prometheus-data')}`,
    `--web.listen-address=127.0.0.1:${layout.prometheusPort}`,
    '--log.level=warn',
  ];
}

function alertmanagerArgs(layout: LabLayout): string[] {
  return [
    `--config.file=${join(layout.dir, LAB_FILES.alertmanager)}`,
    `--storage.path=${join(layout.dir, 'alertmanager-data')}`,
    `--web.listen-address=127.0.0.1:${layout.alertmanagerPort}`,
    // No gossip port: a lone Alertmanager on loopback needs no cluster.
    '--cluster.listen-address=',
    '--log.level=warn',
  ];
}

/** Waits for every URL to answer 2xx; a timeout names the part and shows the end of its log. */
async function allReady(parts: Array<{ name: string; url: string }>, logOf: (name: string) => string) {
  await Promise.all(
    parts.map(async ({ name, url }) => {
      await waitFor(`${name} at ${url}`, async () => ((await answersOk(url)) ? true : undefined), {
        timeoutMs: READY_TIMEOUT_MS,
      }).catch(async (error: Error) => {
        throw new Error(`${error.message}\n--- ${logOf(name)} ---\n${await logTail(logOf(name))}`);
      });
    }),
  );
}

/**
 * Writes the lab's configs and starts supervisord (services, load); once every service answers,
 * Prometheus, Alertmanager and (unless a webhook is given) Warroom, so no service is seen down
 * only because it was still starting.
 */
export async function startLab(options: StartLabOptions): Promise<RunningLab> {
  const warroomPort = options.webhook ? undefined : await freeLoopbackPort();
  const layout = await layoutFor(options, warroomPort);
  await writeLabFiles(layout);
  const logOf = (name: string) => join(layout.dir, 'logs', `${name}.log`);
  const urls = {
    prometheus: `http://127.0.0.1:${layout.prometheusPort}`,
    alertmanager: `http://127.0.0.1:${layout.alertmanagerPort}`,
    supervisor: `http://127.0.0.1:${layout.supervisorPort}`,
    ...(warroomPort !== undefined ? { warroom: `http://127.0.0.1:${warroomPort}` } : {}),
  };
  const started: GroupProcess[] = [];
  const stop = async () => {
    await Promise.all(started.reverse().map((child) => child.stop()));
    started.length = 0;
  };
  const tools = options.tools;
  try {
    started.push(
      startGroup('supervisord', tools.supervisord, ['-c', join(layout.dir, LAB_FILES.supervisor)], {
        logFile: logOf('supervisord-console'),
      }),
    );
    await allReady(
      SHOP.map((service) => ({
        name: service.name,
        url: `http://127.0.0.1:${layout.servicePorts[service.name]}/healthz`,
      })),
      logOf,
    );
    started.push(
      startGroup('prometheus', tools.prometheus, prometheusArgs(layout), { logFile: logOf('prometheus') }),
      startGroup('alertmanager', tools.alertmanager, alertmanagerArgs(layout), {
        logFile: logOf('alertmanager'),
      }),
    );
    if (warroomPort !== undefined) {
      started.push(
        startGroup('warroom', process.execPath, ['--import', 'tsx', 'src/main.ts'], {
          logFile: logOf('warroom'),
          cwd: REPO_ROOT,
          env: warroomEnv(layout, warroomPort),
        }),
      );
    }
    await allReady(
      [
        { name: 'prometheus', url: `${urls.prometheus}/-/ready` },
        { name: 'alertmanager', url: `${urls.alertmanager}/-/ready` },
        ...(urls.warroom ? [{ name: 'warroom', url: `${urls.warroom}/healthz` }] : []),
      ],
      logOf,
    );
    return {
      layout,
      urls,
      catalogFile: join(layout.dir, LAB_FILES.catalog),
      runbooksFile: join(layout.dir, LAB_FILES.runbooks),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
