import type { Catalog } from '../domain/catalog/index.js';
import type { MetricName, TelemetryEvent, TelemetrySnapshot } from '../domain/telemetry.js';
import type { TelemetrySource } from '../domain/telemetry-source.js';
import { isSimName, SIM_PREFIX } from '../sim/sim-names.js';
import type { LokiSource, MetricsPart, PrometheusSource } from '../telemetry/index.js';
import type { LogsPart } from '../telemetry/loki-source.js';
import { scrapeTargets } from '../telemetry/real-telemetry.js';
import { scrapeDownEvents } from './scrape-down-events.js';

export interface CatalogTelemetryOptions {
  catalog: Catalog;
  prometheus?: PrometheusSource;
  loki?: LokiSource;
  /** The simulated estate: only for `sim:<name>` incidents (/inject, chaos), never for a catalog service. */
  simulated: TelemetrySource;
  /** Budget of the `up` queries that tell which services Prometheus cannot scrape. */
  timeoutMs?: number;
}

const NO_EVENTS: Record<string, TelemetryEvent[]> = {};

/** The simulation's snapshot with its services shown as `sim:<name>`. */
async function simulatedSnapshot(
  source: TelemetrySource,
  ticket: Parameters<TelemetrySource['snapshot']>[0],
  now: Date,
) {
  const snapshot = await source.snapshot(ticket, now);
  return {
    ...snapshot,
    services: Object.fromEntries(
      Object.entries(snapshot.services).map(([name, telemetry]) => [
        `${SIM_PREFIX}${name}`,
        { ...telemetry, service: `${SIM_PREFIX}${name}` },
      ]),
    ),
  };
}

/** "no data for latency_p99_ms on payments: query … returned nothing", per signal without a series. */
function noDataNotes(catalog: Catalog, snapshot: TelemetrySnapshot, services: readonly string[]): string[] {
  return services.flatMap((name) => {
    const service = catalog.find(name);
    if (!service) return [];
    return (Object.entries(service.telemetry.queries) as Array<[MetricName, string]>)
      .filter(([metric]) => (snapshot.services[service.name]?.metrics[metric]?.length ?? 0) === 0)
      .map(
        ([metric, promql]) => `no data for ${metric} on ${service.name}: query ${promql} returned nothing`,
      );
  });
}

/**
 * An incident's thread names each missing signal of its service and the services next to it in the
 * graph; the rest of the catalog is one line (the monitor's look, with no ticket, names them all).
 */
function missingDataNotes(
  catalog: Catalog,
  snapshot: TelemetrySnapshot,
  system: string | undefined,
): string[] {
  const all = catalog.services.map((service) => service.name);
  if (system === undefined || !catalog.find(system)) return noDataNotes(catalog, snapshot, all);
  const near = new Set([
    catalog.find(system)?.name ?? system,
    ...catalog.dependencies(system),
    ...catalog.dependents(system),
  ]);
  const others = noDataNotes(
    catalog,
    snapshot,
    all.filter((name) => !near.has(name)),
  );
  const elsewhere = new Set(others.map((note) => / on ([^:]+): query /.exec(note)?.[1]));
  return [
    ...noDataNotes(catalog, snapshot, [...near]),
    ...(others.length > 0
      ? [
          `no data for ${others.length} more signal(s) on ${elsewhere.size} other service(s): /incident services lists them`,
        ]
      : []),
  ];
}

/**
 * Telemetry over the catalog's services, from the catalog's own queries. A signal Prometheus lacks
 * stays empty and is named in the notes: catalog services never get simulated numbers.
 */
export function catalogTelemetry(options: CatalogTelemetryOptions): TelemetrySource {
  const { catalog, prometheus, loki, simulated } = options;
  const names = catalog.services.map((service) => service.name);
  return {
    ...(prometheus ? { targets: (now: Date) => scrapeTargets(prometheus, now) } : {}),
    async snapshot(ticket, now) {
      if (ticket && isSimName(ticket.system)) return simulatedSnapshot(simulated, ticket, now);
      const [metricsPart, logsPart, down] = await Promise.all([
        prometheus?.metrics(names, now).catch(
          (error: Error): MetricsPart => ({
            metrics: {},
            notes: [`prometheus: failed: ${error.message}`],
          }),
        ),
        loki
          ?.logs(names, now)
          .catch((error: Error): LogsPart => ({ logs: {}, notes: [`loki: failed: ${error.message}`] })),
        prometheus
          ? scrapeDownEvents(catalog, prometheus, now, options.timeoutMs ?? 3000).catch(() => NO_EVENTS)
          : NO_EVENTS,
      ]);
      const snapshot: TelemetrySnapshot = {
        generatedAt: now.toISOString(),
        windowMinutes: prometheus?.windowMinutes ?? 30,
        source: 'prometheus',
        services: Object.fromEntries(
          names.map((name) => [
            name,
            {
              service: name,
              metrics: metricsPart?.metrics[name] ?? {},
              logs: logsPart?.logs[name] ?? [],
              events: Object.hasOwn(down, name) ? (down[name] ?? []) : [],
            },
          ]),
        ),
      };
      const failures = [...(metricsPart?.notes ?? []), ...(logsPart?.notes ?? [])].filter(
        (note) => !note.includes('no data for'),
      );
      const missing = prometheus
        ? missingDataNotes(catalog, snapshot, ticket?.system)
        : ['no metrics for any catalog service: PROMETHEUS_URL is not set'];
      return { ...snapshot, notes: [...failures, ...missing] };
    },
  };
}
