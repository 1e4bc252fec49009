import { describe, expect, it } from 'vitest';
import { predictCrossing } from '../../../src/agents/forecast/crossing.js';
import { fitHolt, forecast } from '../../../src/agents/forecast/holt.js';
import { predictTrouble } from '../../../src/agents/forecast/predictions.js';
import type { TelemetrySnapshot } from '../../../src/domain/telemetry.js';
import { initialEstate } from '../../../src/sim/estate/estate-state.js';
import { createRng } from '../../../src/sim/estate/noise.js';
import { generateTelemetry } from '../../../src/sim/estate/telemetry-generator.js';

const EVERY_MINUTE = { stepMinutes: 1, horizonMinutes: 30 } as const;
const SEEDS = Array.from({ length: 20 }, (_, index) => index + 1);

/** Roughly normal noise (sum of uniforms), seeded. */
function noise(seed: number, size: number): (index: number) => number {
  const rng = createRng(seed);
  const values = Array.from({ length: size }, () => (rng() + rng() + rng() + rng() - 2) * Math.sqrt(3));
  return (index) => values[index] ?? 0;
}

function series(length: number, at: (index: number) => number): number[] {
  return Array.from({ length }, (_, index) => at(index));
}

function snapshotOf(metrics: Record<string, Record<string, number[]>>): TelemetrySnapshot {
  const services = Object.fromEntries(
    Object.entries(metrics).map(([service, byMetric]) => [
      service,
      { service, metrics: byMetric, logs: [], events: [] },
    ]),
  );
  return { generatedAt: '2025-03-01T12:00:00.000Z', windowMinutes: 30, source: 'simulated', services };
}

describe('Holt fit and forecast', () => {
  it('recovers an exact line and extrapolates it with a zero-width band', () => {
    const model = fitHolt(series(30, (i) => 10 + 2 * i));
    expect(model.level).toBeCloseTo(68, 6);
    expect(model.trend).toBeCloseTo(2, 6);
    expect(model.residualStd).toBeCloseTo(0, 6);
    const ahead = forecast(model, 3);
    expect(ahead.mean.map((v) => Math.round(v))).toEqual([70, 72, 74]);
    expect(ahead.upper[2]).toBeCloseTo(ahead.mean[2] ?? Number.NaN, 6);
  });

  it('widens the band with the horizon', () => {
    const noisy = noise(7, 30);
    const ahead = forecast(fitHolt(series(30, (i) => 50 + 0.5 * i + noisy(i))), 20);
    const widths = ahead.upper.map((upper, i) => upper - (ahead.lower[i] ?? 0));
    expect(widths[0]).toBeGreaterThan(0);
    for (let i = 1; i < widths.length; i += 1) expect(widths[i]).toBeGreaterThanOrEqual(widths[i - 1] ?? 0);
  });

  it('is deterministic: the same series gives the same parameters and forecast', () => {
    const noisy = noise(3, 30);
    const input = series(30, (i) => 40 + i + 2 * noisy(i));
    const first = fitHolt(input);
    const second = fitHolt([...input]);
    expect(second).toEqual(first);
    expect(forecast(second, 10)).toEqual(forecast(first, 10));
    expect(predictCrossing(input, 95, { ...EVERY_MINUTE, direction: 'above' })).toEqual(
      predictCrossing(input, 95, { ...EVERY_MINUTE, direction: 'above' }),
    );
    expect(first.alpha).toBeGreaterThanOrEqual(0.05);
    expect(first.beta).toBeLessThanOrEqual(0.95);
  });
});

describe('predictCrossing', () => {
  it('times a linear climb through the threshold within a few minutes, for every seed', () => {
    // 50 + i, last point (i = 29) at 79: the line reaches 95 at i = 45, 16 minutes after the last point.
    for (const seed of SEEDS) {
      const noisy = noise(seed, 30);
      const climb = series(30, (i) => 50 + i + noisy(i));
      const crossing = predictCrossing(climb, 95, { ...EVERY_MINUTE, direction: 'above' });
      expect(crossing, `seed ${seed}`).toBeDefined();
      expect(Math.abs((crossing?.crossesInMinutes ?? 0) - 16), `seed ${seed}`).toBeLessThan(4);
      expect(crossing?.band.earliest).toBeLessThanOrEqual(crossing?.crossesInMinutes ?? 0);
      expect(crossing?.band.latest ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(
        crossing?.crossesInMinutes ?? 0,
      );
    }
  });

  it('scales minutes by the step', () => {
    const climb = series(30, (i) => 50 + i);
    const crossing = predictCrossing(climb, 95, { stepMinutes: 2, horizonMinutes: 60, direction: 'above' });
    expect(crossing?.crossesInMinutes).toBeCloseTo(32, 6);
    expect(crossing?.forecast.mean).toHaveLength(30);
  });

  it('says nothing when the crossing lies beyond the horizon', () => {
    const slow = series(30, (i) => 50 + 0.5 * i);
    expect(predictCrossing(slow, 95, { ...EVERY_MINUTE, direction: 'above' })).toBeUndefined();
    expect(
      predictCrossing(slow, 95, { stepMinutes: 1, horizonMinutes: 90, direction: 'above' }),
    ).toBeDefined();
  });

  it('predicts no crossing for a flat series with noise', () => {
    for (const seed of SEEDS) {
      const noisy = noise(seed, 30);
      const flat = series(30, (i) => 80 + 3 * noisy(i));
      expect(
        predictCrossing(flat, 95, { ...EVERY_MINUTE, direction: 'above' }),
        `seed ${seed}`,
      ).toBeUndefined();
    }
  });

  it('does not project a seasonal swing around a flat mean through the threshold', () => {
    for (const seed of SEEDS) {
      const rng = createRng(seed * 101);
      const period = 8 + 12 * rng();
      const phase = 2 * Math.PI * rng();
      const noisy = noise(seed, 30);
      const wave = series(30, (i) => 75 + 15 * Math.sin((2 * Math.PI * i) / period + phase) + 0.5 * noisy(i));
      expect(
        predictCrossing(wave, 95, { ...EVERY_MINUTE, direction: 'above' }),
        `seed ${seed}, period ${period.toFixed(1)}`,
      ).toBeUndefined();
    }
  });

  it('follows a falling series down through a floor with direction below', () => {
    // 90 - 1.5 i: last point 46.5; reaches 20 at i = 46.67, 17.7 minutes on.
    for (const seed of SEEDS) {
      const noisy = noise(seed, 30);
      const falling = series(30, (i) => 90 - 1.5 * i + noisy(i));
      const crossing = predictCrossing(falling, 20, { ...EVERY_MINUTE, direction: 'below' });
      expect(Math.abs((crossing?.crossesInMinutes ?? 0) - 17.7), `seed ${seed}`).toBeLessThan(4);
      expect(predictCrossing(falling, 20, { ...EVERY_MINUTE, direction: 'above' })).toBeUndefined();
    }
  });

  it('leaves series already past the threshold, and too-short series, alone', () => {
    expect(
      predictCrossing([90, 93, 96, 97, 99], 95, { ...EVERY_MINUTE, direction: 'above' }),
    ).toBeUndefined();
    expect(predictCrossing([80, 85, 90], 95, { ...EVERY_MINUTE, direction: 'above' })).toBeUndefined();
  });
});

describe('predictTrouble', () => {
  it('names what will happen, where and when, with the band, soonest first', () => {
    const disk = series(30, (i) => 40 + 1.5 * i);
    const memory = series(30, (i) => 30 + 2 * i);
    const findings = predictTrouble(
      snapshotOf({ storage: { disk_pct: disk }, api: { memory_pct: memory, cpu_pct: disk } }),
    );
    expect(findings.map((f) => [f.service, f.metric, f.inMinutes])).toEqual([
      ['api', 'memory_pct', 4],
      ['storage', 'disk_pct', 8],
    ]);
    const [, storage] = findings;
    expect(storage?.summary).toBe('disk full on storage in about 8 min (7–8)');
    expect(storage).toMatchObject({ threshold: 95, direction: 'above', stepMinutes: 1 });
    expect(storage?.forecast.mean).toHaveLength(30);
  });

  it('uses the horizon it is given and the pool and latency thresholds', () => {
    const pool = series(30, (i) => 30 + i);
    const latency = series(30, (i) => 200 + 30 * i);
    const snapshot = snapshotOf({ database: { pool_used_pct: pool, latency_p99_ms: latency } });
    expect(predictTrouble(snapshot)).toEqual([]);
    const later = predictTrouble(snapshot, { horizonMinutes: 60 });
    expect(later.map((f) => [f.metric, f.threshold, f.inMinutes])).toEqual([
      ['latency_p99_ms', 2000, 31],
      ['pool_used_pct', 100, 41],
    ]);
    expect(later[0]?.summary).toMatch(/^p99 latency over 2000 ms on database in about 31 min/);
  });

  it('finds nothing in a healthy simulated estate', () => {
    for (const seed of SEEDS) {
      const snapshot = generateTelemetry(initialEstate(), {
        seed,
        now: new Date('2025-03-01T12:00:00Z'),
        noise: true,
      });
      expect(predictTrouble(snapshot), `seed ${seed}`).toEqual([]);
    }
  });
});
