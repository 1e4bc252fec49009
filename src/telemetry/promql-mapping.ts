/**
 * Which PromQL answers each signal, per service. `{service}` is replaced by the service name, so
 * the defaults assume every target carries a `service` label: add one with `relabel_configs` (or
 * rename `job`) in the scrape config, or override a query per service below. The queries
 * themselves are the templates in src/domain/catalog/promql-templates.ts; rates use a 5 m window
 * so a missed scrape does not open a gap.
 */
import {
  DEFAULT_PROMQL_TEMPLATES,
  DEFAULT_RATE_WINDOW,
  escapeLabelValue,
  renderPromql,
} from '../domain/catalog/promql-templates.js';
import type { MetricName } from '../domain/telemetry.js';

export interface PromqlMapping {
  /** Every service gets these, with `{service}` filled in. */
  defaults: Partial<Record<MetricName, string>>;
  /** Per-service replacements; `null` drops a signal the service does not have. */
  services?: Record<string, Partial<Record<MetricName, string | null>>>;
}

/** Today's defaults: the catalog's templates over a `service` label, left with `{service}` to fill. */
export const DEFAULT_PROMQL_MAPPING: PromqlMapping = {
  defaults: Object.fromEntries(
    Object.entries(DEFAULT_PROMQL_TEMPLATES).map(([metric, template]) => [
      metric,
      renderPromql(template, {
        selector: 'service="{service}"',
        rateWindow: DEFAULT_RATE_WINDOW,
        service: '{service}',
      }),
    ]),
  ),
};

/** The queries for one service, placeholders filled, overrides applied, dropped signals left out. */
export function promqlFor(mapping: PromqlMapping, service: string): Partial<Record<MetricName, string>> {
  const merged: Partial<Record<MetricName, string | null>> = {
    ...mapping.defaults,
    ...mapping.services?.[service],
  };
  const queries: Partial<Record<MetricName, string>> = {};
  for (const [metric, template] of Object.entries(merged) as Array<[MetricName, string | null]>) {
    if (template) queries[metric] = template.replaceAll('{service}', escapeLabelValue(service));
  }
  return queries;
}
