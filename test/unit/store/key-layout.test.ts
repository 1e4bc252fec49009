import { describe, expect, it } from 'vitest';
import { OLD_LAYOUT, toCurrentLayout, toOldLayout, withoutTags } from '../../../src/store/key-layout.js';
import { createKeys } from '../../../src/store/keys.js';

const prefix = 'warroom';
const keys = createKeys(prefix);
const toCurrent = toCurrentLayout(prefix);

describe('the untagged key layout and the way to today’s', () => {
  it('knows every key of keys.ts (a new key needs a line in OLD_LAYOUT)', () => {
    const entries = Object.keys(keys).filter(
      (name) => !['prefix', 'queuePrefix', 'readinessProbes'].includes(name),
    );
    expect(Object.keys(OLD_LAYOUT).sort()).toEqual(entries.sort());
  });

  it('maps the old names of an incident’s keys, the global ones and the moved reservation', () => {
    expect(toCurrent('warroom:incident:INC-0007')).toEqual({ entry: 'ticket', to: keys.ticket('INC-0007') });
    expect(toCurrent('warroom:incident:INC-0007:approvals')?.to).toBe(
      'warroom:incident:{INC-0007}:approvals',
    );
    expect(toCurrent('warroom:incident:INC-0007:slack')?.to).toBe(keys.slackMessages('INC-0007'));
    expect(toCurrent('warroom:incident:INC-0007:timeline')?.to).toBe(keys.timeline('INC-0007'));
    expect(toCurrent('warroom:seq:incident')).toEqual({
      entry: 'incidentSequence',
      to: 'warroom:{warroom}:seq:incident',
    });
    expect(toCurrent('warroom:learning:stats')?.to).toBe(keys.learning);
    expect(toCurrent('warroom:ingest:opened:alertmanager:29000000')?.to).toBe(
      keys.incidentsOpenedBy('alertmanager', 29_000_000),
    );
    expect(toCurrent('warroom:slack:post-slot:C0INC')?.to).toBe(keys.channelPostSlot('C0INC'));
    // Per-incident posting reservations expire within seconds: nothing moves them.
    expect(toCurrent('warroom:incident:INC-0007:slack-slot:C0INC')).toBeUndefined();
  });

  it('leaves today’s names, the untagged keys, the old queues and unknown keys alone', () => {
    for (const key of [
      keys.ticket('INC-0007'),
      keys.timeline('INC-0007'),
      keys.incidentSequence,
      keys.postQueue('C0INC'),
      keys.idempotency('slack', 'E1'),
      keys.alertBatch('b1'),
      keys.runbookDryRun('req12345'),
      'warroom:q:incident:wait',
      'warroom:q:incident:12',
      'warroom:something:else',
      'other:incident:INC-0007',
    ]) {
      expect(toCurrent(key), key).toBeUndefined();
    }
  });

  it('round-trips every key that moved, and no two keys share an old name', () => {
    const toOld = toOldLayout(prefix);
    const samples = [
      keys.incidentSequence,
      ...[keys.ticket, keys.timeline, keys.stages, keys.outputs, keys.telemetry, keys.approvals].map(
        (build) => build('INC-0012'),
      ),
      ...[
        keys.manualSteps,
        keys.stepRecords,
        keys.stepApprovals,
        keys.incidentAlerts,
        keys.incidentSystems,
      ].map((build) => build('INC-0012')),
      ...[keys.slackMessages, keys.slackSyncLease, keys.revision, keys.syncPending].map((build) =>
        build('INC-0012'),
      ),
      keys.killSwitch,
      keys.chaos,
      keys.homeViewers,
      keys.alertIndex,
      keys.alertLastSeen,
      keys.alertDeliveries,
      keys.incidentsOpenedBy('grafana', 5),
      keys.alertFloods,
      keys.learning,
      keys.specialistThresholds,
      keys.allIncidents,
      keys.openIncidents,
      keys.openFingerprints,
      keys.closedIncidents,
      keys.archivedIncidents,
      keys.slackRootIndex,
      keys.channelPostSlot('C1'),
      keys.estate,
    ];
    const olds = samples.map((key) => {
      const old = toOld(key);
      expect(old, key).toBeDefined();
      expect(old?.to).not.toContain('{');
      expect(toCurrent(old?.to ?? '')?.to).toBe(key);
      return old?.to;
    });
    expect(new Set(olds).size).toBe(samples.length);
  });

  it('removes the global tag with its colon and keeps an incident’s id', () => {
    expect(withoutTags('p:{p}:incidents:open', 'p')).toBe('p:incidents:open');
    expect(withoutTags('p:incident:{INC-0001}:rev', 'p')).toBe('p:incident:INC-0001:rev');
  });
});
