import { SCRAPE_DOWN_EVENT } from '../../domain/telemetry.js';
import { metricStats, recentEvents, searchLogs } from '../../domain/telemetry-tools.js';
import type { Check } from './checks.js';
import {
  eventEvidence,
  formatNumber,
  logEvidence,
  makeFinding,
  metricEvidence,
  trendEvidence,
} from './evidence.js';

const OOM = /OOMKilled|exit code 137/i;
const CONFIG_ERROR = /invalid (DATABASE_URL|config)/i;
const GC_PRESSURE = /GC overhead|garbage collection/i;

/** One routine reschedule is normal; a loop restarts again and again. */
const RESTART_LOOP = 2;
const MEMORY_HIGH_PCT = 85;
const CPU_HOT_PCT = 85;

export const crashLoop: Check = (snapshot, service) => {
  const restarts = metricStats(snapshot, service, 'restarts');
  if (!restarts || restarts.delta < RESTART_LOOP) return null;
  const oom = searchLogs(snapshot, service, OOM);
  const memory = metricStats(snapshot, service, 'memory_pct');
  const evidence = [trendEvidence('restarts', restarts)];
  if (oom.length > 0) evidence.push(logEvidence(oom));
  if (memory) evidence.push(metricEvidence('memory_pct', memory));
  const cause = oom.length > 0 ? ', containers OOMKilled (exit 137)' : '';
  return makeFinding({
    service,
    fault: 'crash',
    signal: oom.length > 0 ? 'oom_kill' : 'restarts',
    summary: `${service} is crash looping: ${formatNumber(restarts.delta)} restarts in the window${cause}`,
    evidence,
    confidence: oom.length > 0 ? 92 : 65,
  });
};

export const memoryPressure: Check = (snapshot, service) => {
  const memory = metricStats(snapshot, service, 'memory_pct');
  const restarts = metricStats(snapshot, service, 'restarts');
  if (!memory || memory.latest < MEMORY_HIGH_PCT) return null;
  // Memory that gets the pod killed is the crash check's business, not a leak still growing.
  if (restarts && restarts.delta >= RESTART_LOOP) return null;
  const gc = searchLogs(snapshot, service, GC_PRESSURE);
  const rising = memory.delta >= 20;
  const evidence = [trendEvidence('memory_pct', memory)];
  if (gc.length > 0) evidence.push(logEvidence(gc));
  const cpu = metricStats(snapshot, service, 'cpu_pct');
  if (cpu) evidence.push(metricEvidence('cpu_pct', cpu));
  return makeFinding({
    service,
    fault: 'memory_leak',
    signal: 'memory_pct',
    summary: `${service} memory at ${formatNumber(memory.latest)} %${rising ? ' and climbing' : ''}${gc.length > 0 ? ', GC thrashing' : ''}`,
    evidence,
    confidence: 80 + (rising ? 5 : 0) + (gc.length > 0 ? 7 : 0),
  });
};

export const badConfig: Check = (snapshot, service) => {
  const errors = searchLogs(snapshot, service, CONFIG_ERROR).filter(
    (line) => line.level === 'error' || line.level === 'fatal',
  );
  if (errors.length === 0) return null;
  const change = recentEvents(snapshot, service, 'config_change')[0];
  const errorRate = metricStats(snapshot, service, 'error_rate_pct');
  const evidence = [logEvidence(errors)];
  if (change) evidence.push(eventEvidence(change));
  if (errorRate) evidence.push(trendEvidence('error_rate_pct', errorRate));
  return makeFinding({
    service,
    fault: 'bad_config',
    signal: 'config_error',
    summary: `${service} rejects its configuration (invalid DATABASE_URL)${change ? ' since a config change' : ''}`,
    evidence,
    confidence: Math.min(97, 85 + (change ? 8 : 0) + (errorRate && errorRate.latest >= 20 ? 4 : 0)),
  });
};

export const cpuHot: Check = (snapshot, service) => {
  const cpu = metricStats(snapshot, service, 'cpu_pct');
  if (!cpu || cpu.latest < CPU_HOT_PCT || cpu.delta < 30) return null;
  return makeFinding({
    service,
    fault: null,
    signal: 'cpu_pct',
    summary: `${service} CPU hot at ${formatNumber(cpu.latest)} %`,
    evidence: [trendEvidence('cpu_pct', cpu)],
    confidence: 45,
  });
};

/** A real service Prometheus cannot scrape: its process is gone (the catalog's `up` reads 0). */
export const serviceDown: Check = (snapshot, service) => {
  const down = recentEvents(snapshot, service, SCRAPE_DOWN_EVENT)[0];
  if (!down) return null;
  return makeFinding({
    service,
    fault: 'crash',
    signal: 'up',
    summary: `${service} is down: Prometheus cannot scrape it`,
    evidence: [eventEvidence(down)],
    confidence: 90,
  });
};

export const COMPUTE_CHECKS: readonly Check[] = [crashLoop, serviceDown, memoryPressure, badConfig, cpuHot];
