/**
 * PromQL per canonical signal, as templates over three placeholders:
 * - `{selector}`: the label matchers that pick the service's series, without braces, so a template
 *   can add its own (`http_requests_total{{selector},code=~"5.."}`); by default `service="<name>"`;
 * - `{rateWindow}`: the range of rate() and friends, `5m` by default;
 * - `{service}`: the service name, escaped for a label value.
 *
 * Every query must return ONE series (aggregate with sum/avg/max). Percentages are 0–100,
 * latency is milliseconds.
 */
import type { MetricName } from '../telemetry.js';

export const PROMQL_PLACEHOLDERS = ['selector', 'rateWindow', 'service'] as const;
/** `{selector}, {rateWindow} or {service}`, for messages. */
export const PLACEHOLDER_LIST = '{selector}, {rateWindow} or {service}';
export type PromqlPlaceholder = (typeof PROMQL_PLACEHOLDERS)[number];
export type PromqlValues = Readonly<Record<PromqlPlaceholder, string>>;

export const DEFAULT_RATE_WINDOW = '5m';

/**
 * `part` as a percentage of `whole`, both counters' rates over `window`. No data must never read as
 * healthy, and a zero must mean a measured zero:
 * - no `part` series in the window (client libraries create a 5xx series only at the first failure)
 *   while `whole` has requests: 0;
 * - a `part` series with a single sample in the window (the first scrape after the first failure,
 *   when rate() has nothing to work with yet): nothing, where `or vector(0)` would read 0 while the
 *   service fails;
 * - no requests, or no `whole` series: nothing.
 */
export function rateSharePromql(part: string, whole: string, window: string): string {
  return `100 * (sum(rate(${part}[${window}])) or 0 * sum(absent_over_time(${part}[${window}]))) / sum(rate(${whole}[${window}]))`;
}

export const DEFAULT_PROMQL_TEMPLATES: Readonly<Record<MetricName, string>> = {
  // HTTP server metrics (prometheus client libraries, `code` label): share of 5xx responses.
  error_rate_pct: rateSharePromql(
    'http_requests_total{{selector},code=~"5.."}',
    'http_requests_total{{selector}}',
    '{rateWindow}',
  ),
  // HTTP server duration histogram in seconds: p99 over all routes, in ms.
  latency_p99_ms:
    '1000 * histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{{selector}}[{rateWindow}])))',
  // node_exporter: memory in use (total minus what the kernel could still hand out), summed over hosts.
  memory_pct:
    '100 * (1 - sum(node_memory_MemAvailable_bytes{{selector}}) / sum(node_memory_MemTotal_bytes{{selector}}))',
  // node_exporter: busy share of all CPUs, averaged over cores and hosts.
  cpu_pct: '100 * (1 - avg(rate(node_cpu_seconds_total{{selector},mode="idle"}[{rateWindow}])))',
  // kube-state-metrics: container restarts within the snapshot window (container named like the service).
  restarts: 'sum(increase(kube_pod_container_status_restarts_total{container="{service}"}[30m]))',
  // node_exporter: the fullest real filesystem (tmpfs and overlays left out).
  disk_pct:
    '100 * max(1 - node_filesystem_avail_bytes{{selector},fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{{selector},fstype!~"tmpfs|overlay|squashfs"})',
  // Micrometer HikariCP metrics: connections in use over the pool's maximum.
  pool_used_pct:
    '100 * sum(hikaricp_connections_active{{selector}}) / sum(hikaricp_connections_max{{selector}})',
  // node_exporter: dropped packets over all packets, both directions (drops stand in for loss).
  packet_loss_pct:
    '100 * sum(rate(node_network_receive_drop_total{{selector}}[{rateWindow}]) + rate(node_network_transmit_drop_total{{selector}}[{rateWindow}])) / sum(rate(node_network_receive_packets_total{{selector}}[{rateWindow}]) + rate(node_network_transmit_packets_total{{selector}}[{rateWindow}]))',
  // redis_exporter: keyspace hits over lookups.
  cache_hit_pct:
    '100 * sum(rate(redis_keyspace_hits_total{{selector}}[{rateWindow}])) / (sum(rate(redis_keyspace_hits_total{{selector}}[{rateWindow}])) + sum(rate(redis_keyspace_misses_total{{selector}}[{rateWindow}])))',
  // Micrometer HTTP client metrics: share of 5xx answers from the service's upstreams.
  upstream_5xx_pct: rateSharePromql(
    'http_client_requests_seconds_count{{selector},status=~"5.."}',
    'http_client_requests_seconds_count{{selector}}',
    '{rateWindow}',
  ),
};

/** Whether any of the service's targets answers its scrape (0 when none does). */
export const UP_TEMPLATE = 'max(up{{selector}})';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function isPlaceholder(name: string): name is PromqlPlaceholder {
  return (PROMQL_PLACEHOLDERS as readonly string[]).includes(name);
}

/** The placeholders a template uses that are not ours (`{selectr}`), in order of appearance. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((match) => match[1] ?? '')
    .filter((name) => !isPlaceholder(name));
}

/** Fills the placeholders in one pass, so a value that contains `{service}` stays as it is. */
export function renderPromql(template: string, values: PromqlValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (isPlaceholder(name) ? values[name] : whole));
}

/** A label value inside double quotes: backslashes and quotes escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** The values a service's templates are rendered with; with no selector, its `service` label. */
export function promqlValuesFor(service: string, selector?: string, rateWindow?: string): PromqlValues {
  const name = escapeLabelValue(service);
  return {
    selector: selector ?? `service="${name}"`,
    rateWindow: rateWindow ?? DEFAULT_RATE_WINDOW,
    service: name,
  };
}

const MATCHER = String.raw`\s*[A-Za-z_][A-Za-z0-9_]*\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*`;
const MATCHERS = new RegExp(String.raw`^\{?(${MATCHER}(?:,${MATCHER})*),?\s*\}?$`);

/** `{job="payments"}` or `job="payments"` → `job="payments"`; undefined when it is not label matchers. */
export function selectorMatchers(selector: string): string | undefined {
  const trimmed = selector.trim();
  if (trimmed.startsWith('{') !== trimmed.endsWith('}')) return undefined;
  return MATCHERS.exec(trimmed)?.[1]?.trim();
}

/** A Prometheus duration: `30s`, `5m`, `1h30m`. */
export const PROMETHEUS_DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
