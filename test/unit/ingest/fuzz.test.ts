import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_SOURCES, Alert, type AlertSource } from '../../../src/ingest/alert.js';
import { NORMALIZERS } from '../../../src/ingest/normalizers/index.js';
import { PayloadShapeError } from '../../../src/ingest/payload-shape-error.js';
import { NEAR_PAYLOADS } from '../../support/alert-arbitraries.js';

const context = { receivedAt: '2026-03-01T12:00:00.000Z' };

/** Normalizes; a refusal must be a PayloadShapeError, and every alert must satisfy the Alert schema. */
function checkNormalizer(source: AlertSource, payload: unknown): number {
  let alerts: Alert[];
  try {
    alerts = NORMALIZERS[source](payload, context);
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadShapeError);
    expect((error as PayloadShapeError).issues.length).toBeGreaterThan(0);
    return 0;
  }
  for (const alert of alerts) {
    const parsed = Alert.safeParse(alert);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(alert.source).toBe(source);
  }
  return alerts.length;
}

describe.each(ALERT_SOURCES)('fuzzing the %s normalizer', (source) => {
  it('refuses any JSON value only with PayloadShapeError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (payload) => {
        checkNormalizer(source, payload);
      }),
      { numRuns: 300 },
    );
  });

  it('turns near-miss payloads into valid alerts or a PayloadShapeError', () => {
    let produced = 0;
    fc.assert(
      fc.property(NEAR_PAYLOADS[source], (payload) => {
        produced += checkNormalizer(source, payload);
      }),
      { numRuns: 500 },
    );
    // The arbitraries must also reach the happy path, or this property proves little.
    expect(produced).toBeGreaterThan(0);
  });
});
