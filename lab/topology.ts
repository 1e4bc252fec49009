/**
 * The lab's one description: a small shop of real services and who calls whom. Every config the lab
 * writes (supervisord, Prometheus, Alertmanager, Warroom's catalog and runbooks) is a pure function
 * of this plus the ports and directories picked at start.
 */

export const LAB_FAULTS = [
  'crash',
  'slow',
  'errors',
  'memory_leak',
  'dependency_down',
  'disk_full',
  'bad_config',
] as const;
export type LabFault = (typeof LAB_FAULTS)[number];

export interface LabServiceSpec {
  name: string;
  /** `http`: answers requests; `worker`: calls its upstreams on a timer and answers none. */
  kind: 'http' | 'worker';
  tier: 1 | 2 | 3;
  team: string;
  /** Called (for real, over HTTP) on every request, or on every tick for a worker. */
  upstreams: string[];
  /** Connections a request holds while it is served (a pool gauge pair is exposed when set). */
  poolSize?: number;
  /** Other names people use for it (the catalog's aliases). */
  aliases: string[];
  /**
   * It warms up: a restart empties it, and its metrics read unlike its normal self for long after
   * (a cold cache's hit ratio), not only in its first few requests.
   */
  warmsUp?: true;
}

export const SHOP: readonly LabServiceSpec[] = [
  {
    name: 'storefront',
    kind: 'http',
    tier: 1,
    team: 'web',
    upstreams: ['cache', 'checkout'],
    aliases: ['shop', 'frontend'],
  },
  { name: 'cache', kind: 'http', tier: 2, team: 'platform', upstreams: [], aliases: ['kv'], warmsUp: true },
  {
    name: 'checkout',
    kind: 'http',
    tier: 1,
    team: 'commerce',
    upstreams: ['payments'],
    poolSize: 20,
    aliases: ['cart'],
  },
  {
    name: 'payments',
    kind: 'http',
    tier: 1,
    team: 'commerce',
    upstreams: ['ledger-db'],
    poolSize: 10,
    aliases: ['billing', 'pay'],
  },
  {
    name: 'ledger-db',
    kind: 'http',
    tier: 1,
    team: 'data',
    upstreams: [],
    poolSize: 10,
    aliases: ['ledger', 'database', 'db'],
  },
  {
    name: 'queue-worker',
    kind: 'worker',
    tier: 3,
    team: 'commerce',
    upstreams: ['payments'],
    aliases: ['worker', 'settlements'],
  },
];

/** Where the load generator sends its steady traffic. */
export const LOAD_TARGETS = ['storefront', 'checkout'] as const;

/** Ports and paths picked when a lab starts; everything the generated configs point at. */
export interface LabLayout {
  dir: string;
  /** Sent as `x-lab-token` to a service's `/admin/fault`. */
  labToken: string;
  servicePorts: Record<string, number>;
  prometheusPort: number;
  alertmanagerPort: number;
  supervisorPort: number;
  supervisorUser: string;
  supervisorPassword: string;
  /** Where Alertmanager posts (Warroom's `/webhooks/alertmanager`), and the bearer token it sends. */
  webhookUrl: string;
  webhookToken: string;
  /** Node's binary and the repository root: supervisord runs the services from there with tsx. */
  nodeBinary: string;
  repoRoot: string;
  /** Requests per second the load generator sends to each load target. */
  loadRatePerSecond: number;
}

export function serviceSpec(name: string): LabServiceSpec {
  const spec = SHOP.find((service) => service.name === name);
  if (!spec) throw new Error(`no lab service named ${name}: ${SHOP.map((s) => s.name).join(', ')}`);
  return spec;
}

export function portOf(layout: LabLayout, service: string): number {
  const port = layout.servicePorts[service];
  if (port === undefined) throw new Error(`no port for lab service ${service}`);
  return port;
}

/** The directories each service owns under the lab dir. */
export function serviceDirs(dir: string, service: string) {
  const home = `${dir}/services/${service}`;
  return { home, data: `${home}/data`, settings: `${home}/settings.json` };
}

/**
 * `service` and every service it calls, directly or through others: what its own latency and errors
 * depend on (a restart of any of them shows in `service`'s own metrics; a caller's does not).
 */
export function serviceAndUpstreams(service: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const upstream of serviceSpec(name).upstreams) visit(upstream);
  };
  visit(service);
  return [...seen];
}

/**
 * What a diagnosis of a fault on `service` reads that a recent restart could distort: `service` and
 * those it calls (their first, slow requests show in its own metrics), and any service that warms up
 * among those its callers call (the alert may come from a caller, and the diagnosis then reads that
 * caller's other dependencies: a cache restarted a minute ago still reads as a falling hit ratio).
 */
export function restartSensitiveScope(service: string): string[] {
  const callers = SHOP.filter((spec) => serviceAndUpstreams(spec.name).includes(service));
  const warming = callers
    .flatMap((caller) => serviceAndUpstreams(caller.name))
    .filter((name) => serviceSpec(name).warmsUp);
  return [...new Set([...serviceAndUpstreams(service), ...warming])];
}
