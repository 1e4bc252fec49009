import { listServices, metricStats, searchLogs } from '../../domain/telemetry-tools.js';
import type { Check } from './checks.js';
import { formatNumber, logEvidence, makeFinding, metricEvidence, trendEvidence } from './evidence.js';

const TIMEOUT = /timed out|timeout/i;
const UNAVAILABLE = /upstream (\S+) answered 503/i;
const UPSTREAM_NAMED = /upstream (\S+?):? (responded|answered)/i;

const PACKET_LOSS_PCT = 10;
const UPSTREAM_OUTAGE_PCT = 20;
const UPSTREAM_ERRORS_PCT = 3;

export const packetLoss: Check = (snapshot, service) => {
  const loss = metricStats(snapshot, service, 'packet_loss_pct');
  if (!loss || loss.latest < PACKET_LOSS_PCT) return null;
  const timeouts = searchLogs(snapshot, service, TIMEOUT);
  const evidence = [trendEvidence('packet_loss_pct', loss)];
  if (timeouts.length > 0) evidence.push(logEvidence(timeouts));
  const latency = metricStats(snapshot, service, 'latency_p99_ms');
  if (latency) evidence.push(metricEvidence('latency_p99_ms', latency));
  return makeFinding({
    service,
    fault: 'network_partition',
    signal: 'packet_loss_pct',
    summary: `${service} drops ${formatNumber(loss.latest)} % of packets${timeouts.length > 0 ? ', connections timing out' : ''}`,
    evidence,
    confidence: timeouts.length > 0 ? 94 : 90,
  });
};

/** A third party (not a service of the estate) answering 503: nothing inside explains it. */
export const externalOutage: Check = (snapshot, service) => {
  const upstream = metricStats(snapshot, service, 'upstream_5xx_pct');
  if (!upstream || upstream.latest < UPSTREAM_OUTAGE_PCT) return null;
  const internal = new Set(listServices(snapshot));
  const outages = searchLogs(snapshot, service, UNAVAILABLE).filter(
    (line) => !internal.has(UNAVAILABLE.exec(line.message)?.[1] ?? ''),
  );
  const host = UNAVAILABLE.exec(outages[0]?.message ?? '')?.[1];
  if (!host) return null;
  return makeFinding({
    service,
    fault: 'dependency_down',
    signal: 'upstream_5xx_pct',
    summary: `${service}'s external dependency ${host} answers 503 Service Unavailable (${formatNumber(upstream.latest)} % of calls)`,
    evidence: [trendEvidence('upstream_5xx_pct', upstream), logEvidence(outages)],
    confidence: 90,
  });
};

export const upstreamErrors: Check = (snapshot, service) => {
  const upstream = metricStats(snapshot, service, 'upstream_5xx_pct');
  if (!upstream || upstream.latest < UPSTREAM_ERRORS_PCT || upstream.delta < 2) return null;
  const named = searchLogs(snapshot, service, UPSTREAM_NAMED);
  const from = UPSTREAM_NAMED.exec(named[0]?.message ?? '')?.[1];
  const evidence = [trendEvidence('upstream_5xx_pct', upstream)];
  if (named.length > 0) evidence.push(logEvidence(named));
  // Most calls failing is a dependency down as this service sees it; a cause found upstream of it wins (rca).
  const down = upstream.latest >= UPSTREAM_OUTAGE_PCT;
  return makeFinding({
    service,
    fault: down ? 'dependency_down' : null,
    signal: 'upstream_5xx_pct',
    summary: `${service} gets ${formatNumber(upstream.latest)} % 5xx from upstream${from ? ` (${from})` : ''}`,
    evidence,
    confidence: down ? 62 : 50,
  });
};

export const NETWORK_CHECKS: readonly Check[] = [packetLoss, externalOutage, upstreamErrors];
