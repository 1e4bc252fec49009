export { createLokiSource, DEFAULT_LOGQL, type LokiSource, type LokiSourceOptions } from './loki-source.js';
export { createPrometheusClient, type PrometheusClient, type PromSeries } from './prometheus-api.js';
export {
  createPrometheusSource,
  type MetricsPart,
  type PrometheusSource,
  type PrometheusSourceOptions,
} from './prometheus-source.js';
export { DEFAULT_PROMQL_MAPPING, type PromqlMapping, promqlFor } from './promql-mapping.js';
export { createRealTelemetrySource, type RealTelemetryOptions } from './real-telemetry.js';
