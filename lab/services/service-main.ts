/**
 * One lab service: `LAB_SERVICE` names it, `LAB_LAYOUT` points at the lab's layout file (ports,
 * token, directories). Run by supervisord; exits 78 when its settings file is broken.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pino from 'pino';
import { type LabLayout, portOf, serviceDirs, serviceSpec } from '../topology.js';
import { createAdminRoute, EXIT_BAD_CONFIG } from './admin-route.js';
import { ConnectionPool } from './connection-pool.js';
import { DiskQuota } from './disk-quota.js';
import { FaultState } from './fault-state.js';
import { MemoryLeak } from './memory-leak.js';
import { startQueueLoop } from './queue-loop.js';
import { ServiceFlags } from './service-flags.js';
import { createServiceMetrics } from './service-metrics.js';
import { BadSettingsError, readSettings } from './service-settings.js';
import { createUpstreamClient } from './upstream-client.js';
import { createWorkHandler } from './work-handler.js';

const DISK_MEASURE_INTERVAL_MS = 1_000;

const name = process.env.LAB_SERVICE ?? '';
const layoutFile = process.env.LAB_LAYOUT ?? '';
const logger = pino({ name, base: { service: name } });
const layout = JSON.parse(readFileSync(layoutFile, 'utf8')) as LabLayout;
const spec = serviceSpec(name);
const dirs = serviceDirs(layout.dir, name);

let settings: ReturnType<typeof readSettings>;
try {
  settings = readSettings(dirs.settings);
} catch (error) {
  if (!(error instanceof BadSettingsError)) throw error;
  logger.fatal({ err: error }, 'cannot start: settings are invalid');
  process.exit(EXIT_BAD_CONFIG);
}

const disk = new DiskQuota(dirs.data, settings.diskQuotaBytes);
await disk.open();
const faults = new FaultState(new MemoryLeak(settings.memoryLimitBytes), disk);
const pool = spec.poolSize ? new ConnectionPool(spec.poolSize, settings.poolTimeoutMs) : undefined;
const metrics = createServiceMetrics({
  poolSize: pool?.size,
  poolInUse: () => pool?.inUse ?? 0,
  poolPending: () => pool?.pending ?? 0,
  diskUsedBytes: () => disk.usedBytes,
  diskQuotaBytes: disk.quotaBytes,
  memoryLimitBytes: settings.memoryLimitBytes,
});
const client = createUpstreamClient({
  urls: Object.fromEntries(
    spec.upstreams.map((upstream) => [upstream, `http://127.0.0.1:${portOf(layout, upstream)}`]),
  ),
  timeoutMs: settings.upstreamTimeoutMs,
  metrics,
  partitioned: () => faults.partitioned,
});
const flags = new ServiceFlags();
const context = { spec, faults, flags, pool, disk, client, metrics };
const work = createWorkHandler(context);
const admin = createAdminRoute({
  service: name,
  token: layout.labToken,
  settingsFile: dirs.settings,
  faults,
  flags,
  logger,
});

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'POST' && (path === '/admin/fault' || path === '/admin/flags')) return admin(req, res);
  if (path === '/metrics') {
    const text = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
    return;
  }
  if (path === '/healthz') {
    res.end('ok\n');
    return;
  }
  // A worker answers nothing but its metrics, health and admin.
  if (spec.kind === 'http') return work(req, res);
  res.writeHead(404).end();
}

const server = createServer((req, res) => {
  route(req, res).catch((error: unknown) => {
    logger.error({ err: error }, 'request failed');
    if (!res.headersSent) res.writeHead(500).end();
  });
});

const measure = setInterval(() => {
  disk
    .measure()
    .catch((error: unknown) => logger.error({ err: error }, 'measuring the data directory failed'));
}, DISK_MEASURE_INTERVAL_MS);
const stopLoop = spec.kind === 'worker' ? startQueueLoop(context) : () => {};

server.listen(portOf(layout, name), '127.0.0.1', () =>
  logger.info({ port: portOf(layout, name) }, 'listening'),
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    clearInterval(measure);
    stopLoop();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
