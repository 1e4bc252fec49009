import { describe, expect, it } from 'vitest';
import { catalogOf, MINIMAL_CATALOG, repoFile } from './catalog-fixtures.js';

describe('parseCatalog: files that are accepted', () => {
  it('accepts the minimal file as it is, with defaults filled in', () => {
    const catalog = catalogOf({ name: 'catalog.yaml', text: MINIMAL_CATALOG });
    expect(catalog.services.map((service) => service.name)).toEqual(['payments', 'ledger-db', 'search']);
    const payments = catalog.find('payments');
    expect(payments).toMatchObject({
      owner: { team: 'team-payments', slack: 'U0PAYOWNER' },
      tier: 1,
      dependsOn: ['ledger-db'],
      aliases: [],
      approvers: [],
      description: '',
      logs: '{service="payments"}',
      telemetry: { selector: 'service="payments"', rateWindow: '5m', up: 'max(up{service="payments"})' },
    });
    expect(catalog.find('ledger-db')?.owner).toBeUndefined();
    expect(Object.keys(payments?.telemetry.queries ?? {})).toHaveLength(10);
    expect([...(payments?.health.keys() ?? [])]).toEqual(['up', 'error_rate_pct']);
    expect(catalog.executors).toEqual([]);
  });

  it('reads catalog.example.yaml, every field of it', () => {
    const catalog = catalogOf(repoFile('catalog.example.yaml'));
    expect(catalog.services.map((service) => service.name)).toEqual([
      'checkout',
      'payments',
      'fraud-check',
      'ledger-db',
      'session-cache',
      'search',
    ]);
    const checkout = catalog.find('storefront');
    expect(checkout).toMatchObject({
      name: 'checkout',
      aliases: ['checkout-web', 'storefront'],
      description: 'Public checkout pages and cart API',
      owner: { team: 'team-storefront', slack: 'S0STOREFRONT' },
      tier: 1,
      dependsOn: ['payments', 'search', 'session-cache'],
      instances: 6,
      runbookUrl: 'https://runbooks.example.com/checkout',
      approvers: ['U0STORELEAD', 'S0STOREFRONT'],
      executor: 'prod-k8s',
      logs: '{namespace="storefront", app="checkout"}',
      telemetry: { selector: 'job="checkout", env="prod"', rateWindow: '2m' },
    });
    expect(checkout?.telemetry.queries.latency_p99_ms).toBe(
      '1000 * histogram_quantile(0.99, sum by (le) (rate(checkout_request_seconds_bucket{job="checkout", env="prod"}[2m])))',
    );
    expect(checkout?.telemetry.queries.error_rate_pct).toBe(
      '100 * (sum(rate(http_requests_total{job="checkout", env="prod",code=~"5.."}[2m])) or 0 * sum(absent_over_time(http_requests_total{job="checkout", env="prod",code=~"5.."}[2m]))) / sum(rate(http_requests_total{job="checkout", env="prod"}[2m]))',
    );
    expect(checkout?.telemetry.queries.pool_used_pct).toBeUndefined();
    expect(checkout?.health.get('latency_p99_ms')).toEqual({
      degraded: 800,
      down: 5000,
      worseWhen: 'higher',
    });
    expect(catalog.find('session-cache')?.health.get('cache_hit_pct')).toEqual({
      degraded: 70,
      down: 30,
      worseWhen: 'lower',
    });
    // A signal whose query is dropped takes its default health rule with it.
    expect([...(catalog.find('ledger-db')?.health.keys() ?? [])]).toEqual([
      'up',
      'disk_pct',
      'pool_used_pct',
    ]);
    expect([...(catalog.find('search')?.health.keys() ?? [])]).toEqual(['up']);
    expect(catalog.promql('ledger')).toMatchObject({
      restarts: 'sum(changes(pg_postmaster_start_time_seconds{cluster="ledger"}[30m]))',
    });
    expect(catalog.executors.map((executor) => executor.kind)).toEqual([
      'kubernetes',
      'postgres',
      'supervisor',
      'http',
      'ssh',
      'local',
      'manual',
    ]);
    const postgres = catalog.executor('ledger-postgres');
    expect(postgres?.settings).toEqual({
      host: 'ledger-db.internal',
      port: 5432,
      database: 'ledger',
      user: 'warroom_ops',
    });
    expect(postgres?.credentials.get('password')).toEqual({ env: 'LEDGER_PG_PASSWORD' });
  });

  it('reads a multi-document Backstage file with a Warroom file beside it, merged by name', () => {
    const catalog = catalogOf(
      repoFile('examples/backstage/catalog-info.yaml'),
      repoFile('examples/backstage/warroom.yaml'),
    );
    // The System entity is not a service; Component and Resource are.
    expect(catalog.services.map((service) => service.name)).toEqual(['payments', 'fraud-check', 'ledger-db']);
    expect(catalog.find('PAY')).toMatchObject({
      name: 'payments',
      description: 'Card payments and refunds',
      owner: { team: 'team-payments', slack: 'U0PAYOWNER' },
      tier: 1,
      lifecycle: 'production',
      dependsOn: ['ledger-db', 'fraud-check'],
      approvers: ['U0PAYOWNER', 'S0PAYSRE'],
      runbookUrl: 'https://runbooks.example.com/payments',
      executor: 'payments-k8s',
      telemetry: { selector: 'job="payments"', rateWindow: '2m' },
    });
    expect(catalog.find('payments')?.telemetry.queries.cache_hit_pct).toBeUndefined();
    expect(catalog.find('payments')?.health.get('error_rate_pct')).toEqual({
      degraded: 2,
      down: 25,
      worseWhen: 'higher',
    });
    expect(catalog.find('ledger-db')).toMatchObject({
      owner: { team: 'team-data', slack: 'S0DATAONCALL' },
      tier: 1,
      executor: 'ledger-postgres',
    });
    expect(catalog.find('fraud-check')).toMatchObject({ owner: { team: 'team-risk' }, tier: 2 });
  });
});
