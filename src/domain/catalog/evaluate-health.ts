import type { MetricName } from '../telemetry.js';
import type { HealthRule, HealthSignal, ServiceHealthRules } from './health-rules.js';

export type HealthState = 'healthy' | 'degraded' | 'down' | 'unknown';

export interface HealthVerdict {
  state: HealthState;
  /** Why it is degraded or down, one line per breached rule: `error_rate_pct 62 ≥ 50: down`. */
  reasons: string[];
  /** Signals with a rule but no reading: they keep a service from being called healthy. */
  unknownSignals: HealthSignal[];
}

/** The latest reading of each signal; a signal left out (or NaN) has no data. */
export type HealthReadings = Readonly<Partial<Record<HealthSignal, number>>>;

/**
 * Readings from a telemetry snapshot's series (oldest first): the latest point of each, plus `up`
 * when the monitoring system said whether the service's targets answer.
 */
export function latestReadings(
  metrics: Readonly<Partial<Record<MetricName, readonly number[]>>>,
  up?: number,
): HealthReadings {
  const readings: Partial<Record<HealthSignal, number>> = up === undefined ? {} : { up };
  for (const [metric, points] of Object.entries(metrics) as Array<[MetricName, readonly number[]]>) {
    const latest = points.at(-1);
    if (latest !== undefined) readings[metric] = latest;
  }
  return readings;
}

/** Which threshold of `rule` a reading crosses, if any (down beats degraded). */
export function breach(
  rule: HealthRule,
  reading: number,
): { level: 'down' | 'degraded'; threshold: number } | null {
  const worse = (threshold: number | undefined): threshold is number =>
    threshold !== undefined && (rule.worseWhen === 'higher' ? reading >= threshold : reading <= threshold);
  if (worse(rule.down)) return { level: 'down', threshold: rule.down };
  if (worse(rule.degraded)) return { level: 'degraded', threshold: rule.degraded };
  return null;
}

function shown(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Judges a service from its readings. Down beats degraded; with nothing breached, any signal
 * without a reading makes the service unknown, never healthy, and so does having no rule at all.
 */
export function evaluateHealth(rules: ServiceHealthRules, readings: HealthReadings): HealthVerdict {
  const reasons: string[] = [];
  const unknownSignals: HealthSignal[] = [];
  let down = false;
  let degraded = false;
  for (const [signal, rule] of rules) {
    const reading = readings[signal];
    if (reading === undefined || Number.isNaN(reading)) {
      unknownSignals.push(signal);
      continue;
    }
    const breached = breach(rule, reading);
    if (!breached) continue;
    const comparison = rule.worseWhen === 'higher' ? '≥' : '≤';
    reasons.push(`${signal} ${shown(reading)} ${comparison} ${shown(breached.threshold)}: ${breached.level}`);
    if (breached.level === 'down') down = true;
    else degraded = true;
  }
  const state: HealthState = down
    ? 'down'
    : degraded
      ? 'degraded'
      : unknownSignals.length > 0 || rules.size === 0
        ? 'unknown'
        : 'healthy';
  return { state, reasons, unknownSignals };
}
