import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LabServiceSpec } from '../topology.js';
import { type ConnectionPool, PoolTimeoutError } from './connection-pool.js';
import { type DiskQuota, DiskQuotaExceededError } from './disk-quota.js';
import type { FaultState } from './fault-state.js';
import type { ServiceFlags } from './service-flags.js';
import type { ServiceMetrics } from './service-metrics.js';
import type { UpstreamClient } from './upstream-client.js';

const CACHE_KEYS = 200;
const CACHE_CAPACITY = 150;

export interface WorkContext {
  spec: LabServiceSpec;
  faults: FaultState;
  flags: ServiceFlags;
  pool: ConnectionPool | undefined;
  disk: DiskQuota;
  client: UpstreamClient;
  metrics: ServiceMetrics;
}

/** One unit of the service's real work: hold a connection, write the journal, call every upstream. */
export async function doWork(context: WorkContext, requestLine: string): Promise<number> {
  const { faults, pool, disk, client, spec } = context;
  let release: (() => void) | undefined;
  try {
    release = await pool?.acquire();
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.errorShare > 0 && Math.random() < faults.errorShare) return 500;
    if (context.flags.enabled('journal')) await disk.append(`${new Date().toISOString()} ${requestLine}\n`);
    const key = `product-${Math.floor(Math.random() * CACHE_KEYS)}`;
    const answers = await Promise.all(
      spec.upstreams.map((upstream) => client.call(upstream, `/?key=${key}`)),
    );
    return answers.every((answer) => answer.ok) ? 200 : 502;
  } catch (error) {
    if (error instanceof PoolTimeoutError) return 503;
    if (error instanceof DiskQuotaExceededError) return 507;
    throw error;
  } finally {
    release?.();
  }
}

/** The cache's own lookups: a small LRU over a fixed key space, so hits and misses are both real. */
export function createCacheLookup(metrics: ServiceMetrics) {
  const entries = new Map<string, number>();
  return (key: string) => {
    const hit = entries.delete(key);
    entries.set(key, Date.now());
    if (entries.size > CACHE_CAPACITY) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    metrics.cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
  };
}

export function createWorkHandler(context: WorkContext) {
  const lookup = context.spec.name === 'cache' ? createCacheLookup(context.metrics) : undefined;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const labels = { method: req.method ?? 'GET', route: '/' };
    const end = context.metrics.duration.startTimer(labels);
    let code: number;
    try {
      code = await doWork(context, `${labels.method} ${req.url ?? '/'}`);
      if (code === 200 && lookup) lookup(new URL(req.url ?? '/', 'http://lab').searchParams.get('key') ?? '');
    } catch {
      code = 500;
    }
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ service: context.spec.name, ok: code === 200 }));
    context.metrics.requests.inc({ ...labels, code: String(code) });
    end({ code: String(code) });
  };
}
