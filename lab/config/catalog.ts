import { stringify } from 'yaml';
import { DEMO_USER } from '../../src/dev/local/playground-identity.js';
import { type LabLayout, portOf, SHOP } from '../topology.js';
import { LAB_RATE_WINDOW, labQueries, selectorOf } from './service-queries.js';
import { YAML_OPTIONS } from './yaml-options.js';

export const SUPERVISOR_EXECUTOR = 'lab-supervisor';
export const SHELL_EXECUTOR = 'lab-shell';
/** One per service: an http executor never sends to another origin, and each service has its own port. */
export const flagsExecutor = (service: string) => `lab-flags-${service}`;

/** The variables the catalog's credential references name; the lab runner sets them for Warroom. */
export const LAB_CREDENTIAL_ENV = {
  supervisorPassword: 'LAB_SUPERVISOR_PASSWORD',
  labToken: 'LAB_ADMIN_TOKEN',
} as const;

/** Warroom's environment for the lab's executors: their secrets, and local commands on. */
export function labExecutorEnv(layout: LabLayout): Record<string, string> {
  return {
    [LAB_CREDENTIAL_ENV.supervisorPassword]: layout.supervisorPassword,
    [LAB_CREDENTIAL_ENV.labToken]: layout.labToken,
    LOCAL_COMMANDS: 'true',
  };
}

/**
 * Warroom's settings for the lab: diagnoses read the last minute every second (the lab's faults are
 * seconds old when their alert fires, and the first 15 s are the baseline), and verification looks
 * every second (Prometheus scrapes and evaluates every second) instead of every 10.
 */
export const LAB_WARROOM_SETTINGS: Readonly<Record<string, string>> = {
  TELEMETRY_WINDOW_MINUTES: '1',
  TELEMETRY_STEP_SECONDS: '1',
  // The runbooks' restart step waits longer than the rate window itself.
  VERIFY_SETTLE_SECONDS: '0',
  VERIFY_SAMPLE_INTERVAL_SECONDS: '1',
};

/** A Slack user-group id for a lab team, as the catalog wants owners (`S0LABWEB`). */
const teamGroup = (team: string) => `S0LAB${team.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;

/** The shop as Warroom's catalog (`WARROOM_CATALOG`): owners, tiers, the dependency graph, queries, executors. */
export function catalogYaml(layout: LabLayout): string {
  return stringify(
    {
      services: SHOP.map((service) => ({
        name: service.name,
        aliases: service.aliases,
        owner: { team: service.team, slack: teamGroup(service.team) },
        tier: service.tier,
        dependsOn: service.upstreams,
        // The playground's one person approves in the lab.
        approvers: [DEMO_USER.id],
        executor: SUPERVISOR_EXECUTOR,
        telemetry: {
          selector: selectorOf(service.name),
          rateWindow: LAB_RATE_WINDOW,
          ...labQueries(service),
        },
        health: {
          error_rate_pct: { degraded: 5, down: 50 },
          latency_p99_ms: { degraded: 300, down: 2000 },
          // A leak or a full disk is not over while the requests still succeed.
          memory_pct: { degraded: 80, down: 95 },
          disk_pct: { degraded: 90, down: 98 },
        },
      })),
      executors: [
        {
          name: SUPERVISOR_EXECUTOR,
          kind: 'supervisor',
          url: `http://127.0.0.1:${layout.supervisorPort}`,
          username: layout.supervisorUser,
          credentials: { password: { env: LAB_CREDENTIAL_ENV.supervisorPassword } },
          programs: SHOP.map((service) => service.name),
        },
        ...SHOP.map((service) => ({
          name: flagsExecutor(service.name),
          kind: 'http',
          baseUrl: `http://127.0.0.1:${portOf(layout, service.name)}`,
          auth: { type: 'bearer' },
          credentials: { token: { env: LAB_CREDENTIAL_ENV.labToken } },
          timeoutMs: 5000,
        })),
        { name: SHELL_EXECUTOR, kind: 'local', cwd: layout.dir, timeoutMs: 30_000 },
      ],
    },
    YAML_OPTIONS,
  );
}
