import type { Catalog } from '../domain/catalog/index.js';
import type { Executor, Executors, HealthProbe, HealthSampling, ServiceDirectory } from '../domain/ports.js';
import { simulatedDirectory } from '../sim/sim-directory.js';
import { simulatedExecutor } from '../sim/sim-executor.js';
import { simulatedHealthProbe } from '../sim/sim-health-probe.js';
import { isSimName, SIM_PREFIX } from '../sim/sim-names.js';
import type { EstateStore } from '../store/estate-store.js';
import type { PrometheusClient } from '../telemetry/index.js';
import { catalogDirectory, routedDirectory } from './catalog-directory.js';
import { catalogHealthProbe } from './catalog-health-probe.js';
import { manualExecutor } from './manual-executor.js';

export interface EstatePorts {
  directory: ServiceDirectory;
  health: HealthProbe;
  executors: Executors;
}

export interface EstatePortsOptions {
  estate: EstateStore;
  catalog?: Catalog;
  prometheus?: PrometheusClient;
  sampling?: HealthSampling;
  timeoutMs?: number;
}

export const DEFAULT_SAMPLING: HealthSampling = { settleMs: 30_000, samples: 3, intervalMs: 10_000 };

/** Each service to the probe that knows it, answers back in the order asked. */
function routedProbe(simulated: HealthProbe, real: HealthProbe): HealthProbe {
  const pick = (service: string) => (isSimName(service) ? simulated : real);
  return {
    sampling: (service) => pick(service).sampling(service),
    covers: (service) => pick(service).covers(service),
    async probe(services, now) {
      const sims = services.filter(isSimName);
      const reals = services.filter((service) => !isSimName(service));
      const reports = [
        ...(sims.length > 0 ? await simulated.probe(sims, now) : []),
        ...(reals.length > 0 ? await real.probe(reals, now) : []),
      ];
      const byService = new Map(reports.map((report) => [report.service, report]));
      return services.flatMap((service) => byService.get(service) ?? []);
    },
  };
}

function whyManual(catalog: Catalog, service: string): string {
  const entry = catalog.find(service);
  if (!entry) return `${service} is not in the catalog`;
  if (entry.executor) return `executor ${entry.executor} of ${entry.name} is not wired to Warroom yet`;
  return `${entry.name} has no executor in the catalog`;
}

/**
 * The health and executors ports. Without a catalog the simulated estate serves both, as before.
 * With one, catalog services are judged by their own health rules over Prometheus and every step
 * on them is manual (real executors come later); only `sim:<name>` services reach the simulation.
 */
export function estatePortsFrom(options: EstatePortsOptions): EstatePorts {
  const simulatedProbe = simulatedHealthProbe(options.estate);
  const simulated = simulatedExecutor(options.estate);
  const { catalog } = options;
  if (!catalog) {
    return { directory: simulatedDirectory(), health: simulatedProbe, executors: { for: () => simulated } };
  }
  const real = catalogHealthProbe({
    catalog,
    ...(options.prometheus ? { prometheus: options.prometheus } : {}),
    sampling: options.sampling ?? DEFAULT_SAMPLING,
    timeoutMs: options.timeoutMs ?? 5_000,
  });
  const health = routedProbe(simulatedProbe, real);
  const manual = manualExecutor(health, (service) => whyManual(catalog, service));
  const executors: Executors = {
    for: (service): Executor => (isSimName(service) ? simulated : manual),
  };
  const directory = routedDirectory(catalogDirectory(catalog), simulatedDirectory(SIM_PREFIX));
  return { directory, health, executors };
}
