import { describe, expect, it } from 'vitest';
import { normalizeDelivery } from '../../../src/ingest/normalize-delivery.js';
import { PayloadShapeError } from '../../../src/ingest/payload-shape-error.js';
import {
  ADVERSARIAL_BASES,
  adversarialStrings,
  leafPaths,
  withLeaf,
} from '../../support/adversarial-payloads.js';

const context = { receivedAt: '2026-03-01T12:00:00.000Z' };
const MIB = 1024 * 1024;
/**
 * Generous: linear code normalizes a payload with a 1 MiB field in well under 300 ms on an idle
 * machine (1,012 ms once with the 2 cores shared by seven other test runs); the red team's 80,000
 * spaces took 12 s, so a quadratic parser misses this budget already at 64 KiB. Sizes escalate so it
 * fails there, in seconds, instead of freezing the run for an hour at 1 MiB.
 */
const BUDGET_MS = 3000;
const SIZES = [64 * 1024, MIB];

function timedNormalize(source: Parameters<typeof normalizeDelivery>[0], payload: unknown): number {
  const started = performance.now();
  try {
    normalizeDelivery(source, payload, context);
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadShapeError);
  }
  return performance.now() - started;
}

describe.each(ADVERSARIAL_BASES)('the %s normalizer (%s) on adversarial strings', (source, _shape, base) => {
  it('normalizes the untouched payload into alerts', () => {
    expect(normalizeDelivery(source, base, context).alerts.length).toBeGreaterThan(0);
  });

  it('takes every string field, each adversarial string at 64 KiB then 1 MiB, within the budget', () => {
    const paths = leafPaths(base);
    expect(paths.length).toBeGreaterThan(5);
    const slow: string[] = [];
    for (const size of SIZES) {
      let slowest = 0;
      for (const [name, text] of adversarialStrings(size)) {
        expect(text).toHaveLength(size);
        for (const path of paths) {
          const ms = timedNormalize(source, withLeaf(base, path, text));
          slowest = Math.max(slowest, ms);
          if (ms > BUDGET_MS) slow.push(`${path.join('.')} ← ${name} × ${size}: ${ms.toFixed(0)} ms`);
        }
      }
      console.info(`${source}: ${paths.length} fields at ${size} chars, slowest ${slowest.toFixed(1)} ms`);
      // A parser that misses the budget at 64 KiB would take hours at 1 MiB: stop here.
      if (slow.length > 0) break;
    }
    expect(slow).toEqual([]);
  }, 120_000);
});
