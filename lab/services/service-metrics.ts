import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8];

export interface MetricSources {
  poolInUse(): number;
  poolPending(): number;
  poolSize: number | undefined;
  diskUsedBytes(): number;
  diskQuotaBytes: number;
  memoryLimitBytes: number;
}

/**
 * A service's metrics, named as Warroom's default PromQL mapping reads them where the meaning is the
 * same (HTTP server and client, connection pool); the rest (memory and disk against the service's
 * own budgets, CPU of the process) the lab catalog reads with its own queries.
 */
export function createServiceMetrics(sources: MetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by route and status code',
    labelNames: ['method', 'route', 'code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to serve an HTTP request',
    labelNames: ['method', 'route', 'code'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  // Micrometer's client metric shape: `status` is the code, or IO_ERROR when no answer came.
  const clientRequests = new Histogram({
    name: 'http_client_requests_seconds',
    help: 'Calls to upstream services, by upstream and status',
    labelNames: ['upstream', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  if (sources.poolSize !== undefined) {
    const poolSize = sources.poolSize;
    new Gauge({
      name: 'hikaricp_connections_active',
      help: 'Pooled connections in use',
      labelNames: ['pool'],
      registers: [registry],
      collect() {
        this.set({ pool: 'main' }, sources.poolInUse());
      },
    });
    new Gauge({
      name: 'hikaricp_connections_max',
      help: 'Size of the connection pool',
      labelNames: ['pool'],
      registers: [registry],
      collect() {
        this.set({ pool: 'main' }, poolSize);
      },
    });
    new Gauge({
      name: 'hikaricp_connections_pending',
      help: 'Requests waiting for a pooled connection',
      labelNames: ['pool'],
      registers: [registry],
      collect() {
        this.set({ pool: 'main' }, sources.poolPending());
      },
    });
  }
  new Gauge({
    name: 'lab_disk_used_bytes',
    help: 'Bytes in the service data directory',
    registers: [registry],
    collect() {
      this.set(sources.diskUsedBytes());
    },
  });
  new Gauge({
    name: 'lab_disk_quota_bytes',
    help: 'Size cap the service enforces on its data directory',
    registers: [registry],
    collect() {
      this.set(sources.diskQuotaBytes);
    },
  });
  new Gauge({
    name: 'lab_memory_limit_bytes',
    help: 'Memory budget of the service (what a container limit would be)',
    registers: [registry],
    collect() {
      this.set(sources.memoryLimitBytes);
    },
  });
  const cacheLookups = new Counter({
    name: 'cache_lookups_total',
    help: 'Cache lookups, by result (hit or miss)',
    labelNames: ['result'],
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'queue_jobs_total',
    help: 'Background jobs run, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'queue_job_duration_seconds',
    help: 'Time to run a background job',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return { registry, requests, duration, clientRequests, cacheLookups, jobs, jobDuration };
}

export type ServiceMetrics = ReturnType<typeof createServiceMetrics>;
