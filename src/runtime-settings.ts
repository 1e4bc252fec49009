import type { Config } from './config.js';
import type { Catalog } from './domain/catalog/index.js';
import type { RoomSettings } from './domain/incident-room.js';
import type { HealthSampling } from './domain/ports.js';
import { type FreezeWindow, parseFreezeWindows } from './domain/rollout/freeze-windows.js';
import { Severity } from './domain/severity.js';
import type { TelemetrySource } from './domain/telemetry-source.js';
import { catalogTelemetry } from './estate/catalog-telemetry.js';
import type { CrewSettings } from './pipeline/context.js';
import { SERVICE_NAMES } from './sim/services.js';
import { simulatedTelemetry } from './sim/simulated-telemetry.js';
import type { EstateStore } from './store/estate-store.js';
import { createLokiSource, createPrometheusSource, createRealTelemetrySource } from './telemetry/index.js';

/** The crew's knobs, from the environment. */
export function crewSettingsFrom(config: Config): CrewSettings {
  return {
    autoRemediate: config.AUTO_REMEDIATE,
    hitlTimeoutSeconds: config.HITL_TIMEOUT_SECONDS,
    approvers: config.APPROVERS,
    incidentChannel: config.SLACK_INCIDENT_CHANNEL ?? null,
    correlationWindowSeconds: config.CORRELATION_WINDOW_SECONDS,
    newIncidentsPerMinute: config.INGEST_NEW_INCIDENTS_PER_MINUTE,
    monitorIntervalSeconds: config.MONITOR_INTERVAL_SECONDS,
    chaosIntervalSeconds: { min: config.CHAOS_MIN_INTERVAL_SECONDS, max: config.CHAOS_MAX_INTERVAL_SECONDS },
    changeWindowSeconds: config.CHANGE_WINDOW_SECONDS,
    pageAfterSeconds: config.PAGE_AFTER_SECONDS,
    freezeWindows: freezeWindowsOf(config.FREEZE_WINDOWS ?? ''),
  };
}

/** FREEZE_WINDOWS, checked when the config was loaded. */
function freezeWindowsOf(text: string): FreezeWindow[] {
  const parsed = parseFreezeWindows(text);
  return parsed.ok ? parsed.windows : [];
}

/** INCIDENT_CHANNELS and its companions, for the Slack outbox. */
export function roomSettingsFrom(config: Config): RoomSettings {
  const words = config.INCIDENT_CHANNELS === 'off' ? [] : config.INCIDENT_CHANNELS.split(',');
  return {
    severities: [...new Set(words.map((word) => Severity.parse(word.trim())))],
    private: config.INCIDENT_CHANNELS_PRIVATE,
    archiveAfterMs: Math.round(config.INCIDENT_CHANNEL_ARCHIVE_HOURS * 3_600_000),
  };
}

/**
 * Prometheus and Loki when configured (each for its own signals), the simulated estate otherwise.
 * With a catalog, its services are read only through its own queries: never simulated numbers.
 */
export function telemetryFrom(config: Config, estate: EstateStore, catalog?: Catalog): TelemetrySource {
  const timeoutMs = config.TELEMETRY_TIMEOUT_MS;
  if (catalog) {
    return catalogTelemetry({
      catalog,
      timeoutMs,
      ...(config.PROMETHEUS_URL
        ? {
            prometheus: createPrometheusSource({
              baseUrl: config.PROMETHEUS_URL,
              timeoutMs,
              mapping: catalog.promqlMapping(),
              windowMinutes: config.TELEMETRY_WINDOW_MINUTES,
              stepSeconds: config.TELEMETRY_STEP_SECONDS,
            }),
          }
        : {}),
      ...(config.LOKI_URL ? { loki: createLokiSource({ baseUrl: config.LOKI_URL, timeoutMs }) } : {}),
      simulated: simulatedTelemetry(estate),
    });
  }
  return createRealTelemetrySource({
    ...(config.PROMETHEUS_URL
      ? {
          prometheus: createPrometheusSource({
            baseUrl: config.PROMETHEUS_URL,
            timeoutMs,
            windowMinutes: config.TELEMETRY_WINDOW_MINUTES,
            stepSeconds: config.TELEMETRY_STEP_SECONDS,
          }),
        }
      : {}),
    ...(config.LOKI_URL ? { loki: createLokiSource({ baseUrl: config.LOKI_URL, timeoutMs }) } : {}),
    fallback: simulatedTelemetry(estate),
    services: SERVICE_NAMES,
  });
}

/** How verification samples a real health probe: settle, then several looks. */
export function healthSamplingFrom(config: Config): HealthSampling {
  return {
    settleMs: config.VERIFY_SETTLE_SECONDS * 1000,
    samples: config.VERIFY_SAMPLES,
    intervalMs: config.VERIFY_SAMPLE_INTERVAL_SECONDS * 1000,
  };
}
