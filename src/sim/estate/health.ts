import type { FaultKind } from '../../domain/faults.js';
import { SERVICE_NAMES, type ServiceName } from '../services.js';
import { activeFaults, type EstateState } from './estate-state.js';
import { attenuation, upstreamDistances } from './graph.js';

export type HealthStatus = 'healthy' | 'degraded' | 'down';

export interface ServiceHealth {
  service: ServiceName;
  score: number;
  status: HealthStatus;
  reasons: string[];
}

export interface EstateHealth {
  score: number;
  status: HealthStatus;
  services: Record<ServiceName, ServiceHealth>;
}

/** Health points a fault takes from the service it runs on, at full intensity. */
export const FAULT_IMPACT: Readonly<Record<FaultKind, number>> = {
  crash: 70,
  bad_config: 70,
  slow: 45,
  memory_leak: 35,
  dependency_down: 50,
  web_5xx: 45,
  disk_full: 60,
  network_partition: 60,
  cache_stampede: 35,
};

export const HEALTH_EDGES = { healthy: 80, degraded: 40 } as const;

export function healthStatus(score: number): HealthStatus {
  if (score >= HEALTH_EDGES.healthy) return 'healthy';
  if (score >= HEALTH_EDGES.degraded) return 'degraded';
  return 'down';
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export function serviceHealth(state: EstateState, service: ServiceName): ServiceHealth {
  const reasons: string[] = [];
  let lost = 0;
  const own = state.services[service];
  for (const fault of activeFaults(own)) {
    const points = FAULT_IMPACT[fault.kind] * fault.intensity;
    lost += points;
    reasons.push(`${fault.kind} on ${percent(fault.share)} of instances (-${Math.round(points)})`);
  }
  for (const strain of own.strain) {
    lost += strain.points;
    reasons.push(`${strain.cause} (-${strain.points})`);
  }
  for (const [upstream, hops] of upstreamDistances(service)) {
    for (const fault of activeFaults(state.services[upstream])) {
      const points = FAULT_IMPACT[fault.kind] * fault.intensity * attenuation(hops);
      lost += points;
      const away = hops === 1 ? '1 hop' : `${hops} hops`;
      reasons.push(`inherits ${fault.kind} from ${upstream}, ${away} upstream (-${Math.round(points)})`);
    }
  }
  const score = Math.max(0, Math.min(100, Math.round(100 - lost)));
  return { service, score, status: healthStatus(score), reasons };
}

/** The estate is as healthy as its average service, and its status is that of its worst one. */
export function estateHealth(state: EstateState): EstateHealth {
  const services = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, serviceHealth(state, name)]),
  ) as Record<ServiceName, ServiceHealth>;
  const all = Object.values(services);
  const score = Math.round(all.reduce((sum, health) => sum + health.score, 0) / all.length);
  const worst = Math.min(...all.map((health) => health.score));
  return { score, status: healthStatus(worst), services };
}
