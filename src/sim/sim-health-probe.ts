import type { HealthProbe, ServiceHealthReport } from '../domain/ports.js';
import type { EstateStore } from '../store/estate-store.js';
import { serviceHealth } from './estate/health.js';
import { isKnownService } from './services.js';
import { simLocalName } from './sim-names.js';

/** The simulated estate's health: its state is exact, so one sample right away is enough. */
export function simulatedHealthProbe(estate: EstateStore): HealthProbe {
  return {
    sampling: () => ({ settleMs: 0, samples: 1, intervalMs: 0 }),
    covers: (service) => isKnownService(simLocalName(service)),
    async probe(services) {
      const state = await estate.read();
      return services.map((service): ServiceHealthReport => {
        const local = simLocalName(service);
        if (!isKnownService(local)) {
          return {
            service,
            state: 'unknown',
            reasons: [],
            unmeasured: [`${service} is not in the simulated estate`],
            readings: {},
          };
        }
        const health = serviceHealth(state, local);
        return {
          service,
          state: health.status,
          score: health.score,
          reasons: health.reasons,
          unmeasured: [],
          readings: { health: health.score },
        };
      });
    },
  };
}
