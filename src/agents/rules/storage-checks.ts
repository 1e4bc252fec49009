import { metricStats, searchLogs } from '../../domain/telemetry-tools.js';
import type { Check } from './checks.js';
import { formatNumber, logEvidence, makeFinding, metricEvidence, trendEvidence } from './evidence.js';

const POOL_EXHAUSTED = /connection pool exhausted/i;
const NO_SPACE = /ENOSPC|no space left/i;
const MISS_STORM = /miss storm|recomputed by/i;

const POOL_FULL_PCT = 95;
const SLOW_P99_MS = 1000;
const DISK_FULL_PCT = 95;
const HIT_RATIO_LOW_PCT = 50;
/** A stampede is a fall: a cache that always hits this little has a shape, not an incident. */
const HIT_RATIO_FALL_PCT = 10;

export const poolExhaustion: Check = (snapshot, service) => {
  const pool = metricStats(snapshot, service, 'pool_used_pct');
  const latency = metricStats(snapshot, service, 'latency_p99_ms');
  if (!pool || !latency || pool.latest < POOL_FULL_PCT) return null;
  if (latency.latest < SLOW_P99_MS && latency.latest < latency.baseline * 10) return null;
  const logs = searchLogs(snapshot, service, POOL_EXHAUSTED);
  const evidence = [trendEvidence('pool_used_pct', pool), metricEvidence('latency_p99_ms', latency)];
  if (logs.length > 0) evidence.push(logEvidence(logs));
  return makeFinding({
    service,
    fault: 'slow',
    signal: 'pool_used_pct',
    summary: `${service} connection pool exhausted (${formatNumber(pool.latest)} %), p99 ${formatNumber(latency.latest)} ms`,
    evidence,
    confidence: logs.length > 0 ? 92 : 86,
  });
};

export const diskFull: Check = (snapshot, service) => {
  const disk = metricStats(snapshot, service, 'disk_pct');
  if (!disk || disk.latest < DISK_FULL_PCT) return null;
  const logs = searchLogs(snapshot, service, NO_SPACE);
  const evidence = [trendEvidence('disk_pct', disk)];
  if (logs.length > 0) evidence.push(logEvidence(logs));
  return makeFinding({
    service,
    fault: 'disk_full',
    signal: 'disk_pct',
    summary: `${service} volume ${formatNumber(disk.latest)} % full${logs.length > 0 ? ', writes failing with ENOSPC' : ''}`,
    evidence,
    confidence: logs.length > 0 ? 94 : 88,
  });
};

export const cacheMisses: Check = (snapshot, service) => {
  const hits = metricStats(snapshot, service, 'cache_hit_pct');
  if (!hits || hits.latest > HIT_RATIO_LOW_PCT || hits.baseline - hits.latest < HIT_RATIO_FALL_PCT)
    return null;
  const logs = searchLogs(snapshot, service, MISS_STORM);
  const evidence = [trendEvidence('cache_hit_pct', hits)];
  if (logs.length > 0) evidence.push(logEvidence(logs));
  return makeFinding({
    service,
    fault: 'cache_stampede',
    signal: 'cache_hit_pct',
    summary: `${service} hit ratio fell to ${formatNumber(hits.latest)} % from ${formatNumber(hits.baseline)} %`,
    evidence,
    confidence: logs.length > 0 ? 92 : 88,
  });
};

export const STORAGE_CHECKS: readonly Check[] = [poolExhaustion, diskFull, cacheMisses];
