import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeAlertmanager } from '../../../src/ingest/normalizers/alertmanager.js';
import { EARLY_RESOLUTION_KEPT_MS } from '../../../src/ingest/place-batch.js';
import { handleIngest } from '../../../src/pipeline/ingest/ingest-handler.js';
import { handleRetentionSweep } from '../../../src/pipeline/retention/retention-sweep.js';
import { createPlacementStore } from '../../../src/store/placement-store.js';
import { type AmAlert, alertmanagerPayload } from '../../support/alertmanager-payloads.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

describe('early resolutions on the real Redis: remembered by placement, forgotten by the retention sweep', () => {
  let rt: TestRuntime;
  beforeEach(() => {
    rt = createTestRuntime({ settings: { correlationWindowSeconds: 300 } });
  });
  afterEach(() => rt.dispose());

  it('keeps a resolution placed before its firing for a day, then forgets it unless its firing came', async () => {
    const deps = { ctx: rt.ctx, store: rt.ingest, placement: createPlacementStore(rt.redis, rt.keys) };
    const startsAt = new Date(Date.now() - 60_000);
    const alert = (service: string, status: 'firing' | 'resolved'): AmAlert => ({
      service,
      alertname: 'Slow',
      startsAt,
      status,
      ...(status === 'resolved' ? { endsAt: new Date() } : {}),
    });
    let batches = 0;
    const place = async (alerts: AmAlert[]) => {
      const batchId = `b${batches++}`;
      await rt.ingest.putBatch(batchId, {
        source: 'alertmanager',
        alerts: normalizeAlertmanager(alertmanagerPayload(alerts)),
        receivedAt: new Date().toISOString(),
      });
      return handleIngest(deps, batchId);
    };
    const fingerprintOf = (service: string) =>
      normalizeAlertmanager(alertmanagerPayload([alert(service, 'resolved')]))[0]?.fingerprint ?? '';
    const [search, cart] = [fingerprintOf('search'), fingerprintOf('cart')];

    // Two resolutions overtake their firings; only cart's firing comes.
    expect(await place([alert('search', 'resolved'), alert('cart', 'resolved')])).toMatchObject({
      opens: [],
      ignored: 2,
    });
    expect((await rt.redis.zrange(rt.keys.earlyResolutions, 0, -1)).sort()).toEqual([cart, search].sort());
    const placed = await place([alert('cart', 'firing')]);
    const cartIncident = placed?.opens[0]?.id ?? '';
    expect(cartIncident).toMatch(/^INC-/);
    // Its series is the incident's now: no longer an early resolution to forget.
    expect(await rt.redis.zrange(rt.keys.earlyResolutions, 0, -1)).toEqual([search]);

    // Within the day the sweep keeps it (the positive control for what follows).
    const soon = new Date(Date.now() + EARLY_RESOLUTION_KEPT_MS - 3_600_000);
    expect((await handleRetentionSweep({ ...rt.ctx, now: () => soon })).earlyForgotten).toBe(0);
    expect(await rt.redis.hexists(rt.keys.alertIndex, search)).toBe(1);

    const later = new Date(Date.now() + EARLY_RESOLUTION_KEPT_MS + 60_000);
    expect((await handleRetentionSweep({ ...rt.ctx, now: () => later })).earlyForgotten).toBe(1);
    expect(await rt.redis.hexists(rt.keys.alertIndex, search)).toBe(0);
    expect(await rt.redis.exists(rt.keys.earlyResolutions)).toBe(0);
    const cartSeries = JSON.parse((await rt.redis.hget(rt.keys.alertIndex, cart)) ?? '{}') as {
      incidentId?: string;
    };
    expect(cartSeries.incidentId).toBe(cartIncident);
  });
});
