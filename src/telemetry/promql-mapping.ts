/**
 * Which PromQL answers each signal, per service. `{service}` is replaced by the service name, so
 * the defaults assume every target carries a `service` label: add one with `relabel_configs` (or
 * rename `job`) in the scrape config, or override a query per service below.
 *
 * Every query must return ONE series (aggregate with sum/avg/max); rates use a 5 m window so a
 * missed scrape does not open a gap. Percentages are 0–100, latency is milliseconds.
 */
import type { MetricName } from '../domain/telemetry.js';

export interface PromqlMapping {
  /** Every service gets these, with `{service}` filled in. */
  defaults: Partial<Record<MetricName, string>>;
  /** Per-service replacements; `null` drops a signal the service does not have. */
  services?: Record<string, Partial<Record<MetricName, string | null>>>;
}

export const DEFAULT_PROMQL_MAPPING: PromqlMapping = {
  defaults: {
    // HTTP server metrics (prometheus client libraries, `code` label): share of 5xx responses.
    error_rate_pct:
      '100 * sum(rate(http_requests_total{service="{service}",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="{service}"}[5m]))',
    // HTTP server duration histogram in seconds: p99 over all routes, in ms.
    latency_p99_ms:
      '1000 * histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="{service}"}[5m])))',
    // node_exporter: memory in use (total minus what the kernel could still hand out), summed over hosts.
    memory_pct:
      '100 * (1 - sum(node_memory_MemAvailable_bytes{service="{service}"}) / sum(node_memory_MemTotal_bytes{service="{service}"}))',
    // node_exporter: busy share of all CPUs, averaged over cores and hosts.
    cpu_pct: '100 * (1 - avg(rate(node_cpu_seconds_total{service="{service}",mode="idle"}[5m])))',
    // kube-state-metrics: container restarts within the snapshot window (container named like the service).
    restarts: 'sum(increase(kube_pod_container_status_restarts_total{container="{service}"}[30m]))',
    // node_exporter: the fullest real filesystem (tmpfs and overlays left out).
    disk_pct:
      '100 * max(1 - node_filesystem_avail_bytes{service="{service}",fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{service="{service}",fstype!~"tmpfs|overlay|squashfs"})',
    // Micrometer HikariCP metrics: connections in use over the pool's maximum.
    pool_used_pct:
      '100 * sum(hikaricp_connections_active{service="{service}"}) / sum(hikaricp_connections_max{service="{service}"})',
    // node_exporter: dropped packets over all packets, both directions (drops stand in for loss).
    packet_loss_pct:
      '100 * sum(rate(node_network_receive_drop_total{service="{service}"}[5m]) + rate(node_network_transmit_drop_total{service="{service}"}[5m])) / sum(rate(node_network_receive_packets_total{service="{service}"}[5m]) + rate(node_network_transmit_packets_total{service="{service}"}[5m]))',
    // redis_exporter: keyspace hits over lookups.
    cache_hit_pct:
      '100 * sum(rate(redis_keyspace_hits_total{service="{service}"}[5m])) / (sum(rate(redis_keyspace_hits_total{service="{service}"}[5m])) + sum(rate(redis_keyspace_misses_total{service="{service}"}[5m])))',
    // Micrometer HTTP client metrics: share of 5xx answers from the service's upstreams.
    upstream_5xx_pct:
      '100 * sum(rate(http_client_requests_seconds_count{service="{service}",status=~"5.."}[5m])) / sum(rate(http_client_requests_seconds_count{service="{service}"}[5m]))',
  },
};

/** A label value inside double quotes: backslashes and quotes escaped. */
function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** The queries for one service, placeholders filled, overrides applied, dropped signals left out. */
export function promqlFor(mapping: PromqlMapping, service: string): Partial<Record<MetricName, string>> {
  const merged: Partial<Record<MetricName, string | null>> = {
    ...mapping.defaults,
    ...mapping.services?.[service],
  };
  const queries: Partial<Record<MetricName, string>> = {};
  for (const [metric, template] of Object.entries(merged) as Array<[MetricName, string | null]>) {
    if (template) queries[metric] = template.replaceAll('{service}', labelValue(service));
  }
  return queries;
}
