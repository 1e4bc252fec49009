import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';
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
  };
  delete env.SLACK_BOT_TOKEN;
  delete env.SLACK_APP_TOKEN;
  return env;
}

/** Writes the lab's configs, starts supervisord (services, load), Prometheus, Alertmanager and maybe Warroom. */
export async function startLab(options: StartLabOptions): Promise<RunningLab> {
  const warroomPort = options.webhook ? undefined : await freeLoopbackPort();
  const layout = await layoutFor(options, warroomPort);
  await writeLabFiles(layout);
  const { dir } = layout;
  const logs = (name: string) => join(dir, 'logs', `${name}.log`);
  const started: GroupProcess[] = [];
  const stop = async () => {
    await Promise.all(started.reverse().map((child) => child.stop()));
    started.length = 0;
  };
  try {
    started.push(
      startGroup('supervisord', options.tools.supervisord, ['-c', join(dir, LAB_FILES.supervisor)], {
        logFile: logs('supervisord-console'),
      }),
      startGroup(
        'prometheus',
        options.tools.prometheus,
        [
          `--config.file=${join(dir, LAB_FILES.prometheus)}`,
          `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
          `--web.listen-address=127.0.0.1:${layout.prometheusPort}`,
          '--log.level=warn',
        ],
        { logFile: logs('prometheus') },
      ),
      startGroup(
        'alertmanager',
        options.tools.alertmanager,
        [
          `--config.file=${join(dir, LAB_FILES.alertmanager)}`,
          `--storage.path=${join(dir, 'alertmanager-data')}`,
          `--web.listen-address=127.0.0.1:${layout.alertmanagerPort}`,
          // No gossip port: a lone Alertmanager on loopback needs no cluster.
          '--cluster.listen-address=',
          '--log.level=warn',
        ],
        { logFile: logs('alertmanager') },
      ),
    );
    if (warroomPort !== undefined) {
      started.push(
        startGroup('warroom', process.execPath, ['--import', 'tsx', 'src/main.ts'], {
          logFile: logs('warroom'),
          cwd: REPO_ROOT,
          env: warroomEnv(layout, warroomPort),
        }),
      );
    }
    const urls = {
      prometheus: `http://127.0.0.1:${layout.prometheusPort}`,
      alertmanager: `http://127.0.0.1:${layout.alertmanagerPort}`,
      supervisor: `http://127.0.0.1:${layout.supervisorPort}`,
      ...(warroomPort !== undefined ? { warroom: `http://127.0.0.1:${warroomPort}` } : {}),
    };
    const ready = [
      { name: 'prometheus', url: `${urls.prometheus}/-/ready` },
      { name: 'alertmanager', url: `${urls.alertmanager}/-/ready` },
      ...SHOP.map((service) => ({
        name: service.name,
        url: `http://127.0.0.1:${layout.servicePorts[service.name]}/healthz`,
      })),
      ...(urls.warroom ? [{ name: 'warroom', url: `${urls.warroom}/healthz` }] : []),
    ];
    await Promise.all(
      ready.map(async ({ name, url }) => {
        await waitFor(`${name} at ${url}`, async () => ((await answersOk(url)) ? true : undefined), {
          timeoutMs: READY_TIMEOUT_MS,
        }).catch(async (error: Error) => {
          throw new Error(`${error.message}\n--- ${logs(name)} ---\n${await logTail(logs(name))}`);
        });
      }),
    );
    return {
      layout,
      urls,
      catalogFile: join(dir, LAB_FILES.catalog),
      runbooksFile: join(dir, LAB_FILES.runbooks),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
