/**
 * The PromQL the lab catalog gives Warroom per service: the default mapping's shapes where the
 * services expose them (HTTP server, connection pool), the lab's own metrics where the default reads
 * a host or cluster exporter the lab does not run (node_exporter, kube-state-metrics, redis_exporter).
 * Rates use a 10 s window (the lab scrapes every second, so a fault and its fix show within seconds;
 * at the load generator's 5 requests a second per front door a window still holds 50 requests or
 * more). Shares answer 0 for a service that never failed and nothing while there is nothing to
 * measure (rateSharePromql).
 */
import { rateSharePromql } from '../../src/domain/catalog/promql-templates.js';
import type { MetricName } from '../../src/domain/telemetry.js';
import type { LabServiceSpec } from '../topology.js';

export const LAB_RATE_WINDOW = '10s';

export function selectorOf(service: string): string {
  return `service="${service}"`;
}

export function labQueries(spec: LabServiceSpec): Record<MetricName, string | null> {
  const s = selectorOf(spec.name);
  const w = LAB_RATE_WINDOW;
  const http = spec.kind === 'http';
  return {
    error_rate_pct: http
      ? rateSharePromql(`http_requests_total{${s},code=~"5.."}`, `http_requests_total{${s}}`, w)
      : rateSharePromql(`queue_jobs_total{${s},outcome="failed"}`, `queue_jobs_total{${s}}`, w),
    latency_p99_ms: `1000 * histogram_quantile(0.99, sum by (le) (rate(${
      http ? 'http_request_duration_seconds_bucket' : 'queue_job_duration_seconds_bucket'
    }{${s}}[${w}])))`,
    // Default: node_exporter host memory. The lab: the process against its own memory budget.
    memory_pct: `100 * max(process_resident_memory_bytes{${s}}) / max(lab_memory_limit_bytes{${s}})`,
    // Default: node_exporter idle CPU. The lab: the process's CPU seconds per second (one core = 100).
    cpu_pct: `100 * sum(rate(process_cpu_seconds_total{${s}}[${w}]))`,
    // Default: kube-state-metrics restarts. The lab: how often the process start time changed.
    restarts: `sum(changes(process_start_time_seconds{${s}}[30m]))`,
    // Default: node_exporter filesystems. The lab: the data directory against the quota the service enforces.
    disk_pct: `100 * max(lab_disk_used_bytes{${s}}) / max(lab_disk_quota_bytes{${s}})`,
    pool_used_pct:
      spec.poolSize === undefined
        ? null
        : `100 * sum(hikaricp_connections_active{${s}}) / sum(hikaricp_connections_max{${s}})`,
    packet_loss_pct: null,
    // Default: redis_exporter keyspace. The lab's cache counts its own lookups.
    cache_hit_pct:
      spec.name === 'cache'
        ? rateSharePromql(`cache_lookups_total{${s},result="hit"}`, `cache_lookups_total{${s}}`, w)
        : null,
    // Like the default, plus calls that got no answer at all (Micrometer's IO_ERROR status).
    upstream_5xx_pct:
      spec.upstreams.length === 0
        ? null
        : rateSharePromql(
            `http_client_requests_seconds_count{${s},status=~"5..|IO_ERROR"}`,
            `http_client_requests_seconds_count{${s}}`,
            w,
          ),
  };
}
