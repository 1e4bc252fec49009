import { breach } from '../catalog/evaluate-health.js';
import type { HealthSignal, ServiceHealthRules } from '../catalog/health-rules.js';
import type { GateSpec } from './rollout.js';

/**
 * A health gate's verdict after a phase's bake, on real telemetry: it passes only on readings, and
 * says why it fails with the numbers ("5xx 42 % > 5 % on shop after 10 s"). Missing data fails the
 * gate: it is never healthy. Pure.
 */
export type GateVerdict = { pass: true; summary: string } | { pass: false; reason: string };

/** What the edge read for one gate. */
export type GateReading =
  | { kind: 'health'; readings: Readonly<Record<string, number>> }
  | { kind: 'promql'; value?: number; unreadable?: string };

const LABELS: Partial<Record<HealthSignal, { name: string; unit: string }>> = {
  error_rate_pct: { name: '5xx', unit: ' %' },
  latency_p99_ms: { name: 'p99', unit: ' ms' },
  up: { name: 'up', unit: '' },
};

function shown(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function label(signal: string): { name: string; unit: string } {
  return LABELS[signal as HealthSignal] ?? { name: signal, unit: '' };
}

/**
 * The service's health rules on its readings: any reading at or past a rule's first threshold
 * (degraded) fails the gate, and so does a rule with no reading.
 */
export function healthGateVerdict(
  rules: ServiceHealthRules,
  readings: Readonly<Record<string, number>>,
  at: { service: string; afterSeconds: number },
): GateVerdict {
  const failures: string[] = [];
  const seen: string[] = [];
  for (const [signal, rule] of rules) {
    const { name, unit } = label(signal);
    const reading = readings[signal];
    if (reading === undefined || Number.isNaN(reading)) {
      failures.push(`no data for ${name} on ${at.service} after ${at.afterSeconds} s`);
      continue;
    }
    const breached = breach(rule, reading);
    const threshold = rule.degraded ?? rule.down;
    if (breached) {
      const op = rule.worseWhen === 'higher' ? '>' : '<';
      // The threshold shown is the first one crossed, as the gate reads it.
      const bound = rule.degraded !== undefined ? rule.degraded : breached.threshold;
      failures.push(
        `${name} ${shown(reading)}${unit} ${op} ${shown(bound)}${unit} on ${at.service} after ${at.afterSeconds} s`,
      );
    } else
      seen.push(
        `${name} ${shown(reading)}${unit}${threshold === undefined ? '' : ` (limit ${shown(threshold)}${unit})`}`,
      );
  }
  if (rules.size === 0) failures.push(`no health rule to judge ${at.service} by`);
  if (failures.length > 0) return { pass: false, reason: failures.join('; ') };
  return { pass: true, summary: `${seen.join(', ')} on ${at.service} after ${at.afterSeconds} s` };
}

/** A PromQL gate: its value must be at or under `max`. */
export function promqlGateVerdict(
  gate: Extract<GateSpec, { kind: 'promql' }>,
  reading: { value?: number; unreadable?: string },
  at: { service: string; afterSeconds: number },
): GateVerdict {
  const unit = gate.unit ? ` ${gate.unit}` : '';
  if (reading.value === undefined || Number.isNaN(reading.value))
    return {
      pass: false,
      reason: `no data for ${gate.name} on ${at.service} after ${at.afterSeconds} s${reading.unreadable ? ` (${reading.unreadable})` : ''}`,
    };
  if (reading.value > gate.max)
    return {
      pass: false,
      reason: `${gate.name} ${shown(reading.value)}${unit} > ${shown(gate.max)}${unit} on ${at.service} after ${at.afterSeconds} s`,
    };
  return {
    pass: true,
    summary: `${gate.name} ${shown(reading.value)}${unit} (limit ${shown(gate.max)}${unit})`,
  };
}

/** Every gate must pass; the failures are all said. */
export function gatesVerdict(verdicts: readonly GateVerdict[]): GateVerdict {
  const failed = verdicts.flatMap((verdict) => (verdict.pass ? [] : [verdict.reason]));
  if (failed.length > 0) return { pass: false, reason: failed.join('; ') };
  return { pass: true, summary: verdicts.map((verdict) => (verdict.pass ? verdict.summary : '')).join('; ') };
}
