import { describe, expect, it } from 'vitest';
import { readStoredBatch, stampedBatch } from '../../../src/ingest/alert-batch.js';
import { normalizeAlertmanager } from '../../../src/ingest/normalizers/alertmanager.js';
import { alertmanagerPayload } from '../../support/alertmanager-payloads.js';

const alerts = normalizeAlertmanager(
  alertmanagerPayload([
    { service: 'checkout', alertname: 'HighLatency', startsAt: new Date('2026-12-06T09:58:00Z') },
    { service: 'payments', alertname: 'ErrorRate', startsAt: new Date('2026-12-06T09:59:00Z') },
  ]),
);
const batch = { source: 'alertmanager' as const, alerts, receivedAt: '2026-12-06T10:00:00.000Z' };
/** As Redis gives it back. */
const stored = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('reading a stored alert batch', () => {
  it('gives back a batch stored under this schema as it was, and without the stamp', () => {
    expect(readStoredBatch(stored(stampedBatch(batch)))).toEqual({ batch, dropped: 0 });
  });

  it('checks a batch written under another schema alert by alert, and drops only what fails', () => {
    const [first, second] = alerts;
    const old = { ...batch, alerts: [first, { ...second, severity: 'catastrophic' }] };
    for (const raw of [old, { ...old, schema: 'an-older-schema' }]) {
      expect(readStoredBatch(stored(raw))).toEqual({ batch: { ...batch, alerts: [first] }, dropped: 1 });
    }
  });

  it('throws when the envelope itself cannot be read', () => {
    expect(() => readStoredBatch({ ...stored(stampedBatch(batch)), source: 'carrier-pigeon' })).toThrow();
  });
});
