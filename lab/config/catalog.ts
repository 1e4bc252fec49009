import { stringify } from 'yaml';
import { type LabLayout, portOf, SHOP } from '../topology.js';
import { LAB_RATE_WINDOW, labQueries, selectorOf } from './service-queries.js';
import { YAML_OPTIONS } from './yaml-options.js';

export const SUPERVISOR_EXECUTOR = 'lab-supervisor';
export const FLAGS_EXECUTOR = 'lab-flags';
export const SHELL_EXECUTOR = 'lab-shell';

/** The shop as Warroom's catalog (`WARROOM_CATALOG`): owners, tiers, the dependency graph, queries, executors. */
export function catalogYaml(layout: LabLayout): string {
  return stringify(
    {
      services: SHOP.map((service) => ({
        name: service.name,
        aliases: service.aliases,
        owner: { team: service.team, slack: `#${service.team}-oncall` },
        tier: service.tier,
        dependsOn: service.upstreams,
        telemetry: {
          selector: selectorOf(service.name),
          rateWindow: LAB_RATE_WINDOW,
          ...labQueries(service),
        },
        health: {
          error_rate_pct: { degraded: 5, down: 50 },
          latency_p99_ms: { degraded: 300, down: 2000 },
        },
        executor: { name: SUPERVISOR_EXECUTOR, process: service.name },
        endpoints: { base: `http://127.0.0.1:${portOf(layout, service.name)}`, health: '/healthz' },
      })),
      executors: [
        {
          name: SUPERVISOR_EXECUTOR,
          kind: 'supervisor',
          url: `http://127.0.0.1:${layout.supervisorPort}/RPC2`,
          username: layout.supervisorUser,
          password: layout.supervisorPassword,
        },
        {
          name: FLAGS_EXECUTOR,
          kind: 'http',
          headers: { 'x-lab-token': layout.labToken },
          allowedHosts: ['127.0.0.1'],
        },
        { name: SHELL_EXECUTOR, kind: 'local', workingDirectory: layout.dir },
      ],
    },
    YAML_OPTIONS,
  );
}
