import { firstCrossing, metricStats, recentEvents, searchLogs } from '../../domain/telemetry-tools.js';
import type { Check } from './checks.js';
import { eventEvidence, formatNumber, logEvidence, makeFinding, trendEvidence } from './evidence.js';

/** 5xx the service answered itself; 5xx it received from upstream are the network specialist's. */
const SERVED_5XX = /\bHTTP 5\d\d\b/;

const OUTAGE_ERROR_PCT = 20;
const ERROR_ONSET_PCT = 5;
const SYMPTOM_ERROR_PCT = 2;
/** Below this share of failed calls to its own upstreams, a service's 5xx are its own. */
const UPSTREAM_QUIET_PCT = 3;
/** Above this factor over its baseline (and this many ms), a service is slow, not just slower. */
const SLOW_FACTOR = 8;
const SLOW_MIN_MS = 300;
/** How long before the errors began a release still counts as their trigger. */
const RELEASE_WINDOW_MS = 10 * 60_000;

/** The release that went out in the ten minutes before the errors began, if any. */
function triggeringRelease(snapshot: Parameters<Check>[0], service: string) {
  const onset = firstCrossing(snapshot, service, 'error_rate_pct', ERROR_ONSET_PCT);
  if (!onset) return undefined;
  const began = Date.parse(onset);
  // Errors from the window's first minute began earlier, at an unknown time: any earlier release may be it.
  const windowStart = Date.parse(snapshot.generatedAt) - (snapshot.windowMinutes - 1) * 60_000;
  const earliest = began <= windowStart ? Number.NEGATIVE_INFINITY : began - RELEASE_WINDOW_MS;
  return recentEvents(snapshot, service, 'deploy').find((event) => {
    const at = Date.parse(event.at);
    return at <= began + 60_000 && at >= earliest;
  });
}

export const releaseRegression: Check = (snapshot, service) => {
  const errors = metricStats(snapshot, service, 'error_rate_pct');
  if (!errors || errors.latest < OUTAGE_ERROR_PCT) return null;
  const release = triggeringRelease(snapshot, service);
  const failures = searchLogs(snapshot, service, SERVED_5XX);
  const evidence = [trendEvidence('error_rate_pct', errors)];
  if (release) evidence.push(eventEvidence(release));
  if (failures.length > 0) evidence.push(logEvidence(failures));
  const rate = formatNumber(errors.latest);
  const upstream = metricStats(snapshot, service, 'upstream_5xx_pct');
  // With no release to blame, errors whose service calls its upstreams without trouble are still its own.
  const own = !release && (!upstream || upstream.latest < UPSTREAM_QUIET_PCT);
  if (upstream && !release) evidence.push(trendEvidence('upstream_5xx_pct', upstream));
  return makeFinding({
    service,
    fault: release || own ? 'web_5xx' : null,
    signal: 'error_rate_pct',
    summary: release
      ? `${service} serves ${rate} % 5xx since a release (${release.message.slice(0, 80)})`
      : own
        ? `${service} serves ${rate} % 5xx of its own (its upstream calls succeed), no release to blame`
        : `${service} serves ${rate} % errors with no release to blame`,
    evidence,
    // A release with no HTTP 5xx in the logs to show for it may be a coincidence.
    confidence: release ? (failures.length > 0 ? 88 : 70) : own ? 72 : 60,
  });
};

export const errorRate: Check = (snapshot, service) => {
  const errors = metricStats(snapshot, service, 'error_rate_pct');
  if (
    !errors ||
    errors.latest < SYMPTOM_ERROR_PCT ||
    errors.latest >= OUTAGE_ERROR_PCT ||
    errors.delta < 1.5
  ) {
    return null;
  }
  return makeFinding({
    service,
    fault: null,
    signal: 'error_rate_pct',
    summary: `${service} error rate up to ${formatNumber(errors.latest)} %`,
    evidence: [trendEvidence('error_rate_pct', errors)],
    confidence: 40 + Math.min(15, Math.round(errors.latest)),
  });
};

export const latencyRise: Check = (snapshot, service) => {
  const latency = metricStats(snapshot, service, 'latency_p99_ms');
  if (!latency || latency.latest < latency.baseline * 2 || latency.delta < 50) return null;
  // Many times slower than usual is the slow fault here or upstream; the graph decides which (rca).
  const slow = latency.latest >= latency.baseline * SLOW_FACTOR && latency.latest >= SLOW_MIN_MS;
  return makeFinding({
    service,
    fault: slow ? 'slow' : null,
    signal: 'latency_p99_ms',
    summary: `${service} p99 latency ${formatNumber(latency.latest)} ms, ${formatNumber(latency.latest / latency.baseline)}× its baseline`,
    evidence: [trendEvidence('latency_p99_ms', latency)],
    confidence: slow ? 62 : 45,
  });
};

export const WEB_CHECKS: readonly Check[] = [releaseRegression, errorRate, latencyRise];
