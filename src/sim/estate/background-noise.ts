import type { ServiceTelemetry, TelemetryEvent } from '../../domain/telemetry.js';
import { integerBetween, pick, type Rng } from './noise.js';
import { isoSeconds } from './time.js';

/** Unrelated chatter every estate has: rules must see past it. */
const UNRELATED_WARNINGS = [
  'deprecated TLS 1.1 handshake from client 10.2.3.4',
  'certificate for internal.example expires in 27 days',
  'slow request GET /v1/reports took 812 ms',
  'retrying connection to metrics collector (attempt 2)',
  'GC pause 42 ms (young generation)',
  'rate limit: client 7f3a throttled for 30 s',
  'feature flag new-checkout evaluated from a stale cache',
] as const;

const BENIGN_EVENTS: readonly ((service: string) => Omit<TelemetryEvent, 'at'>)[] = [
  (service) => ({ type: 'deploy', message: `deployed ${service} docs bundle (no code change)` }),
  (service) => ({ type: 'config_change', message: `feature flag dark-mode enabled for ${service}` }),
  (service) => ({ type: 'scale', message: `autoscaler kept ${service} at its current replica count` }),
  (service) => ({ type: 'cron', message: `nightly-report job started on ${service}` }),
];

/** A one-minute latency blip well before the end of the window, so `latest` stays honest. */
function addSpike(telemetry: ServiceTelemetry, rng: Rng): void {
  const series = telemetry.metrics.latency_p99_ms;
  if (!series || series.length < 12) return;
  const index = integerBetween(rng, Math.floor(series.length / 4), series.length - 6);
  series[index] = Math.round((series[index] ?? 0) * 3);
}

/** A single benign restart (a routine reschedule): the counter steps once and stays. */
function addRestart(telemetry: ServiceTelemetry, rng: Rng): void {
  const series = telemetry.metrics.restarts;
  if (!series || series.length < 3) return;
  const from = integerBetween(rng, 1, series.length - 2);
  telemetry.metrics.restarts = series.map((value, index) => (index >= from ? value + 1 : value));
}

export function addBackgroundNoise(
  services: Readonly<Record<string, ServiceTelemetry>>,
  times: readonly number[],
  rng: Rng,
): Record<string, ServiceTelemetry> {
  const noisy = structuredClone(services) as Record<string, ServiceTelemetry>;
  const names = Object.keys(noisy);
  const anyTime = () => isoSeconds(pick(rng, times));
  const anyService = () => noisy[pick(rng, names)] as ServiceTelemetry;
  for (let count = 0; count < 2; count += 1) {
    anyService().logs.push({ at: anyTime(), level: 'warn', message: pick(rng, UNRELATED_WARNINGS) });
  }
  const eventTarget = anyService();
  eventTarget.events.push({ at: anyTime(), ...pick(rng, BENIGN_EVENTS)(eventTarget.service) });
  addSpike(anyService(), rng);
  if (rng() < 0.5) addRestart(anyService(), rng);
  return noisy;
}
