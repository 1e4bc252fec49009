import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEALTH_RULES,
  evaluateHealth,
  type HealthRule,
  type HealthSignal,
  latestReadings,
} from '../../../../src/domain/catalog/index.js';

describe('evaluateHealth', () => {
  it('is healthy only when every rule has a reading and none is breached', () => {
    expect(evaluateHealth(DEFAULT_HEALTH_RULES, { up: 1, error_rate_pct: 4.99 })).toEqual({
      state: 'healthy',
      reasons: [],
      unknownSignals: [],
    });
  });

  it('applies the defaults: 5 % errors degraded, 50 % down, up 0 down, thresholds inclusive', () => {
    expect(evaluateHealth(DEFAULT_HEALTH_RULES, { up: 1, error_rate_pct: 5 })).toEqual({
      state: 'degraded',
      reasons: ['error_rate_pct 5 ≥ 5: degraded'],
      unknownSignals: [],
    });
    expect(evaluateHealth(DEFAULT_HEALTH_RULES, { up: 1, error_rate_pct: 62.345 }).reasons).toEqual([
      'error_rate_pct 62.35 ≥ 50: down',
    ]);
    expect(evaluateHealth(DEFAULT_HEALTH_RULES, { up: 0, error_rate_pct: 10 })).toEqual({
      state: 'down',
      reasons: ['up 0 ≤ 0: down', 'error_rate_pct 10 ≥ 5: degraded'],
      unknownSignals: [],
    });
  });

  it('calls a missing or NaN reading unknown, never healthy', () => {
    expect(evaluateHealth(DEFAULT_HEALTH_RULES, { up: 1 })).toEqual({
      state: 'unknown',
      reasons: [],
      unknownSignals: ['error_rate_pct'],
    });
    expect(evaluateHealth(DEFAULT_HEALTH_RULES, { up: Number.NaN, error_rate_pct: 0 }).state).toBe('unknown');
    expect(evaluateHealth(new Map(), {}).state).toBe('unknown');
  });

  it('still reports a breach when other signals are unknown', () => {
    expect(evaluateHealth(DEFAULT_HEALTH_RULES, { error_rate_pct: 7 })).toEqual({
      state: 'degraded',
      reasons: ['error_rate_pct 7 ≥ 5: degraded'],
      unknownSignals: ['up'],
    });
  });

  it('judges lower-is-worse signals and rules with one threshold', () => {
    const rules = new Map<HealthSignal, HealthRule>([
      ['cache_hit_pct', { degraded: 70, down: 30, worseWhen: 'lower' }],
      ['latency_p99_ms', { down: 5000, worseWhen: 'higher' }],
    ]);
    expect(evaluateHealth(rules, { cache_hit_pct: 50, latency_p99_ms: 4999 })).toEqual({
      state: 'degraded',
      reasons: ['cache_hit_pct 50 ≤ 70: degraded'],
      unknownSignals: [],
    });
    expect(evaluateHealth(rules, { cache_hit_pct: 90, latency_p99_ms: 5000 }).state).toBe('down');
    expect(evaluateHealth(rules, { cache_hit_pct: 90, latency_p99_ms: 100 }).state).toBe('healthy');
  });

  it('reads the latest point of each series, and up when the monitoring system gave it', () => {
    const readings = latestReadings({ error_rate_pct: [1, 2, 60], memory_pct: [] }, 1);
    expect(readings).toEqual({ up: 1, error_rate_pct: 60 });
    expect(evaluateHealth(DEFAULT_HEALTH_RULES, readings).state).toBe('down');
    expect(evaluateHealth(DEFAULT_HEALTH_RULES, latestReadings({ error_rate_pct: [0] })).state).toBe(
      'unknown',
    );
  });
});
