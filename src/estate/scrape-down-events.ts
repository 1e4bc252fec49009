import type { Catalog } from '../domain/catalog/index.js';
import { SCRAPE_DOWN_EVENT, type TelemetryEvent } from '../domain/telemetry.js';
import { mapWithLimit } from '../telemetry/http-json.js';
import type { PrometheusSource } from '../telemetry/index.js';

/**
 * Per catalog service whose `up` query reads 0 now (Prometheus cannot scrape it: the process is
 * gone), a `scrape_down` event. A query that fails or returns nothing says nothing: no event.
 */
export async function scrapeDownEvents(
  catalog: Catalog,
  prometheus: PrometheusSource,
  now: Date,
  timeoutMs: number,
): Promise<Record<string, TelemetryEvent[]>> {
  const signal = AbortSignal.timeout(timeoutMs);
  const answers = await mapWithLimit(catalog.services, 8, (service) =>
    prometheus.client.queryInstant(service.telemetry.up, now, signal),
  );
  const events: Record<string, TelemetryEvent[]> = {};
  for (const [index, service] of catalog.services.entries()) {
    const answer = answers[index];
    if (!answer?.ok || answer.value.length === 0 || answer.value.some((series) => series.value !== 0))
      continue;
    events[service.name] = [
      {
        at: now.toISOString(),
        type: SCRAPE_DOWN_EVENT,
        message: `Prometheus cannot scrape ${service.name}: ${service.telemetry.up} is 0`,
      },
    ];
  }
  return events;
}
