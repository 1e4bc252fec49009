/**
 * One lab service: `LAB_SERVICE` names it, `LAB_LAYOUT` points at the lab's layout file (ports,
 * token, directories). Run by supervisord; exits 78 when its settings file is broken.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
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

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  const route =
    req.method === 'POST' && (path === '/admin/fault' || path === '/admin/flags')
      ? admin(req, res)
      : path === '/metrics'
        ? metrics.registry.metrics().then((text) => {
            res.writeHead(200, { 'content-type': metrics.registry.contentType });
            res.end(text);
          })
        : path === '/healthz'
          ? Promise.resolve(res.end('ok\n'))
          : spec.kind === 'http'
            ? work(req, res)
            : Promise.resolve(res.writeHead(404).end());
  route.catch((error: unknown) => {
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
