import { stringify } from 'yaml';
import { LAB_SCRAPE_JOB } from './prometheus-config.js';
import { LAB_RATE_WINDOW } from './service-queries.js';
import { YAML_OPTIONS } from './yaml-options.js';

const job = `job="${LAB_SCRAPE_JOB}"`;
const window = LAB_RATE_WINDOW;

/** Per-service series the alerts read (and a person can graph): one rule each, `service` kept. */
const RECORDING_RULES = [
  {
    record: `service:http_requests:rate${window}`,
    expr: `sum by (service) (rate(http_requests_total{${job}}[${window}]))`,
  },
  {
    record: `service:http_errors:ratio_rate${window}`,
    expr: `sum by (service) (rate(http_requests_total{${job},code=~"5.."}[${window}])) / sum by (service) (rate(http_requests_total{${job}}[${window}]))`,
  },
  {
    record: `service:http_request_duration_seconds:p99_rate${window}`,
    expr: `histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket{${job}}[${window}])))`,
  },
  {
    record: `service:upstream_errors:ratio_rate${window}`,
    expr: `sum by (service) (rate(http_client_requests_seconds_count{${job},status=~"5..|IO_ERROR"}[${window}])) / sum by (service) (rate(http_client_requests_seconds_count{${job}}[${window}]))`,
  },
  {
    record: `service:queue_jobs_failed:ratio_rate${window}`,
    expr: `sum by (service) (rate(queue_jobs_total{${job},outcome="failed"}[${window}])) / sum by (service) (rate(queue_jobs_total{${job}}[${window}]))`,
  },
  {
    record: 'service:memory_used:ratio',
    expr: `max by (service) (process_resident_memory_bytes{${job}}) / max by (service) (lab_memory_limit_bytes{${job}})`,
  },
  {
    record: 'service:disk_used:ratio',
    expr: `max by (service) (lab_disk_used_bytes{${job}}) / max by (service) (lab_disk_quota_bytes{${job}})`,
  },
  {
    record: 'service:pool_used:ratio',
    expr: `sum by (service) (hikaricp_connections_active{${job}}) / sum by (service) (hikaricp_connections_max{${job}})`,
  },
];

function alert(name: string, expr: string, forDuration: string, severity: string, summary: string) {
  return {
    alert: name,
    expr,
    for: forDuration,
    labels: { severity },
    annotations: { summary, description: `${summary} (${expr})` },
  };
}

const ALERTING_RULES = [
  alert(
    'ServiceDown',
    `up{${job}} == 0`,
    '5s',
    'critical',
    '{{ $labels.service }} is down: Prometheus cannot scrape it',
  ),
  alert(
    'HighErrorRate',
    `service:http_errors:ratio_rate${window} > 0.1`,
    '5s',
    'critical',
    '{{ $labels.service }} answers {{ $value | humanizePercentage }} of requests with a 5xx',
  ),
  alert(
    'HighLatency',
    `service:http_request_duration_seconds:p99_rate${window} > 0.5`,
    '5s',
    'warning',
    '{{ $labels.service }} p99 latency is {{ $value | humanizeDuration }}',
  ),
  alert(
    'UpstreamErrors',
    `service:upstream_errors:ratio_rate${window} > 0.2`,
    '5s',
    'warning',
    '{{ $labels.service }} gets errors or no answer from {{ $value | humanizePercentage }} of upstream calls',
  ),
  alert(
    'QueueJobsFailing',
    `service:queue_jobs_failed:ratio_rate${window} > 0.2`,
    '5s',
    'warning',
    '{{ $labels.service }} fails {{ $value | humanizePercentage }} of its jobs',
  ),
  alert(
    'MemoryNearLimit',
    'service:memory_used:ratio > 0.8',
    '5s',
    'warning',
    '{{ $labels.service }} uses {{ $value | humanizePercentage }} of its memory budget',
  ),
  alert(
    'DiskAlmostFull',
    'service:disk_used:ratio > 0.9',
    '5s',
    'critical',
    '{{ $labels.service }} data directory is {{ $value | humanizePercentage }} full',
  ),
  alert(
    'ConnectionPoolSaturated',
    'service:pool_used:ratio > 0.9',
    '5s',
    'warning',
    '{{ $labels.service }} uses {{ $value | humanizePercentage }} of its connection pool',
  ),
];

export const LAB_ALERT_NAMES = ALERTING_RULES.map((rule) => rule.alert);

export function alertRules(): string {
  return stringify(
    {
      groups: [
        { name: 'lab-recording', interval: '1s', rules: RECORDING_RULES },
        { name: 'lab-alerts', interval: '1s', rules: ALERTING_RULES },
      ],
    },
    YAML_OPTIONS,
  );
}
