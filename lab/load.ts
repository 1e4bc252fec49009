/**
 * The lab's load generator: a steady stream of requests into the shop's front doors (storefront
 * and checkout), `loadRatePerSecond` each. Run by supervisord with `LAB_LAYOUT`.
 */
import { readFileSync } from 'node:fs';
import { type LabLayout, LOAD_TARGETS, portOf } from './topology.js';

/** Requests still waiting beyond this are not joined by more: a slow shop is not buried under a backlog. */
const MAX_IN_FLIGHT_PER_TARGET = 40;
const REQUEST_TIMEOUT_MS = 10_000;

const layout = JSON.parse(readFileSync(process.env.LAB_LAYOUT ?? '', 'utf8')) as LabLayout;
const intervalMs = 1000 / layout.loadRatePerSecond;

const timers = LOAD_TARGETS.map((target) => {
  const url = `http://127.0.0.1:${portOf(layout, target)}/`;
  let inFlight = 0;
  return setInterval(() => {
    if (inFlight >= MAX_IN_FLIGHT_PER_TARGET) return;
    inFlight += 1;
    fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined)
      .finally(() => {
        inFlight -= 1;
      });
  }, intervalMs);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    for (const timer of timers) clearInterval(timer);
    process.exit(0);
  });
}
