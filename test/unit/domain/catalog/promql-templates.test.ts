import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROMQL_TEMPLATES,
  promqlValuesFor,
  rateSharePromql,
  renderPromql,
  selectorMatchers,
  unknownPlaceholders,
} from '../../../../src/domain/catalog/promql-templates.js';
import { defaultSeverityForTier } from '../../../../src/domain/catalog/tier.js';
import {
  DEFAULT_PROMQL_MAPPING,
  type PromqlMapping,
  promqlFor,
} from '../../../../src/telemetry/promql-mapping.js';
import { catalogOf, MINIMAL_CATALOG, repoFile } from './catalog-fixtures.js';

describe('PromQL templates', () => {
  it('with no selector, label series by service as the telemetry defaults always have', () => {
    const catalog = catalogOf({ name: 'catalog.yaml', text: MINIMAL_CATALOG });
    expect(catalog.promql('payments')).toEqual(promqlFor(DEFAULT_PROMQL_MAPPING, 'payments'));
    expect(DEFAULT_PROMQL_MAPPING.defaults.cpu_pct).toBe(
      '100 * (1 - avg(rate(node_cpu_seconds_total{service="{service}",mode="idle"}[5m])))',
    );
  });

  it('hands src/telemetry a PromqlMapping that asks exactly the catalog queries', () => {
    const catalog = catalogOf(repoFile('catalog.example.yaml'));
    const mapping: PromqlMapping = catalog.promqlMapping();
    for (const service of catalog.services) {
      expect(promqlFor(mapping, service.name)).toEqual(service.telemetry.queries);
    }
    expect(promqlFor(mapping, 'not-in-the-catalog')).toEqual({});
    expect(promqlFor(mapping, 'constructor')).toEqual({});
  });

  it('writes error shares so that only a measured zero reads 0: no error series is 0, an unrateable one is no data', () => {
    expect(rateSharePromql('errors_total{a="b"}', 'requests_total{a="b"}', '1m')).toBe(
      '100 * (sum(rate(errors_total{a="b"}[1m])) or 0 * sum(absent_over_time(errors_total{a="b"}[1m]))) / sum(rate(requests_total{a="b"}[1m]))',
    );
    // Neither default share falls back on a bare `or vector(0)`, which reads a fresh 5xx series as 0.
    for (const signal of ['error_rate_pct', 'upstream_5xx_pct'] as const) {
      expect(DEFAULT_PROMQL_TEMPLATES[signal]).toContain('absent_over_time(');
      expect(DEFAULT_PROMQL_TEMPLATES[signal]).not.toContain('vector(0)');
    }
    expect(renderPromql(DEFAULT_PROMQL_TEMPLATES.error_rate_pct, promqlValuesFor('checkout'))).toBe(
      rateSharePromql(
        'http_requests_total{service="checkout",code=~"5.."}',
        'http_requests_total{service="checkout"}',
        '5m',
      ),
    );
  });

  it('renders a selector and a rate window, escaping the service name', () => {
    const values = promqlValuesFor('we"ird', 'job="payments"', '1m');
    expect(renderPromql(DEFAULT_PROMQL_TEMPLATES.cpu_pct, values)).toBe(
      '100 * (1 - avg(rate(node_cpu_seconds_total{job="payments",mode="idle"}[1m])))',
    );
    expect(renderPromql(DEFAULT_PROMQL_TEMPLATES.restarts, values)).toBe(
      'sum(increase(kube_pod_container_status_restarts_total{container="we\\"ird"}[30m]))',
    );
  });

  it('fills placeholders in one pass and leaves PromQL braces alone', () => {
    expect(
      renderPromql('x{{selector}} {other}', { selector: 'a="{service}"', rateWindow: '5m', service: 's' }),
    ).toBe('x{a="{service}"} {other}');
    expect(unknownPlaceholders('sum(x{job="a",code=~"5.."}[{rateWindow}]) + {srvice} + {Selector}')).toEqual([
      'srvice',
      'Selector',
    ]);
  });

  it('accepts label matchers with or without braces', () => {
    expect(selectorMatchers('{job="payments", env=~"prod|staging"}')).toBe(
      'job="payments", env=~"prod|staging"',
    );
    expect(selectorMatchers('job!="x",')).toBe('job!="x"');
    expect(selectorMatchers('{job="a"')).toBeUndefined();
    expect(selectorMatchers('job=a')).toBeUndefined();
    expect(selectorMatchers('{}')).toBeUndefined();
  });

  it('maps tier to the default severity', () => {
    expect([1, 2, 3].map((tier) => defaultSeverityForTier(tier as 1 | 2 | 3))).toEqual([
      'sev1',
      'sev2',
      'sev3',
    ]);
  });
});
