import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LAB_FILES, labFiles } from '../../../lab/config/lab-files.js';
import { LAB_RATE_WINDOW } from '../../../lab/config/service-queries.js';
import { ServiceSettings } from '../../../lab/services/service-settings.js';
import { SHOP } from '../../../lab/topology.js';
import { SAMPLE_LAB_LAYOUT } from '../../support/lab-layout.js';

const layout = SAMPLE_LAB_LAYOUT;

function yamlFile<T>(name: string): T {
  const text = labFiles(layout)[name];
  if (text === undefined) throw new Error(`no ${name} generated`);
  return parse(text) as T;
}

describe('the lab files, generated from the topology', () => {
  it('scrapes every service on its port with its service label', () => {
    const config = yamlFile<{
      scrape_configs: Array<{ static_configs: Array<{ targets: string[]; labels: { service: string } }> }>;
    }>(LAB_FILES.prometheus);
    const targets = config.scrape_configs.flatMap((job) => job.static_configs);
    expect(targets).toEqual(
      SHOP.map((service) => ({
        targets: [`127.0.0.1:${layout.servicePorts[service.name]}`],
        labels: { service: service.name },
      })),
    );
  });

  it('sends every alert to the webhook with the bearer token', () => {
    const config = yamlFile<{ receivers: Array<{ webhook_configs: unknown[] }> }>(LAB_FILES.alertmanager);
    expect(config.receivers[0]?.webhook_configs).toEqual([
      {
        url: layout.webhookUrl,
        send_resolved: true,
        http_config: { authorization: { type: 'Bearer', credentials: layout.webhookToken } },
      },
    ]);
  });

  it('gives the catalog each service with its upstreams as dependencies and the executors the runbooks name', () => {
    const catalog = yamlFile<{
      services: Array<{ name: string; dependsOn: string[]; telemetry: Record<string, string | null> }>;
      executors: Array<{ name: string; kind: string }>;
    }>(LAB_FILES.catalog);
    expect(catalog.services.map((service) => [service.name, service.dependsOn])).toEqual(
      SHOP.map((service) => [service.name, service.upstreams]),
    );
    for (const service of catalog.services) {
      expect(service.telemetry.rateWindow).toBe(LAB_RATE_WINDOW);
      for (const [signal, promql] of Object.entries(service.telemetry)) {
        if (signal === 'selector' || signal === 'rateWindow' || promql === null) continue;
        expect(promql).toContain(`service="${service.name}"`);
      }
    }
    const runbooks = yamlFile<{ runbooks: Array<{ steps: Array<{ executor: string }> }> }>(
      LAB_FILES.runbooks,
    );
    const named = new Set(runbooks.runbooks.flatMap((runbook) => runbook.steps.map((step) => step.executor)));
    expect([...named].sort()).toEqual(catalog.executors.map((executor) => executor.name).sort());
    expect(new Set(catalog.executors.map((executor) => executor.kind))).toEqual(
      new Set(['http', 'local', 'supervisor']),
    );
  });

  it('runs every service and the load generator under supervisord, and writes settings a service accepts', () => {
    const files = labFiles(layout);
    const programs = [...(files[LAB_FILES.supervisor] ?? '').matchAll(/^\[program:(.+)\]$/gm)].map(
      (m) => m[1],
    );
    expect(programs).toEqual([...SHOP.map((service) => service.name), 'load']);
    for (const service of SHOP) {
      const settings = files[`services/${service.name}/settings.json`];
      expect(ServiceSettings.parse(JSON.parse(settings ?? ''))).toMatchObject({
        poolSize: service.poolSize ?? expect.any(Number),
      });
    }
  });
});
