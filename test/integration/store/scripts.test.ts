import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncidentRetention } from '../../../src/store/incident-retention.js';
import { createKeys } from '../../../src/store/keys.js';
import type { Redis } from '../../../src/store/redis.js';
import { closeRedis, createRedis } from '../../../src/store/redis.js';
import { queueScript, SCRIPTS, type ScriptName, withScripts } from '../../../src/store/scripts.js';
import { execAll } from '../../../src/store/transaction.js';
import { type OwnRedis, ownRedis } from '../../support/own-redis.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../support/test-runtime.js';

const prefix = uniquePrefix('scripts');
let redis: Redis;
let n = 0;
/** A fresh key per use, under this file's prefix. */
const key = (name: string) => `${prefix}:${name}:${n++}`;

/** One case per script, each with the branch that writes and the one that must not. */
const CASES = {
  async warroomLeaseRenew() {
    const lease = key('lease');
    await redis.set(lease, 'holder', 'PX', 5_000);
    expect(await redis.warroomLeaseRenew(lease, 'someone-else', 60_000)).toBe(0);
    expect(await redis.pttl(lease)).toBeLessThanOrEqual(5_000);
    expect(await redis.warroomLeaseRenew(lease, 'holder', 60_000)).toBe(1);
    expect(await redis.pttl(lease)).toBeGreaterThan(5_000);
  },
  async warroomLeaseRelease() {
    const lease = key('lease');
    await redis.set(lease, 'holder', 'PX', 5_000);
    expect(await redis.warroomLeaseRelease(lease, 'someone-else')).toBe(0);
    expect(await redis.get(lease)).toBe('holder');
    expect(await redis.warroomLeaseRelease(lease, 'holder')).toBe(1);
    expect(await redis.exists(lease)).toBe(0);
  },
  async warroomHdelIfEquals() {
    const hash = key('fingerprints');
    await redis.hset(hash, 'fp', 'INC-0002');
    expect(await redis.warroomHdelIfEquals(hash, 'fp', 'INC-0001')).toBe(0);
    expect(await redis.hget(hash, 'fp')).toBe('INC-0002');
    expect(await redis.warroomHdelIfEquals(hash, 'fp', 'INC-0002')).toBe(1);
    expect(await redis.hexists(hash, 'fp')).toBe(0);
  },
  async warroomHdelIfIncident() {
    const hash = key('alerts');
    await redis.hset(hash, 'fp', JSON.stringify({ incidentId: 'INC-0002', status: 'firing' }));
    expect(await redis.warroomHdelIfIncident(hash, 'fp', 'INC-0001')).toBe(0);
    expect(await redis.warroomHdelIfIncident(hash, 'missing', 'INC-0002')).toBe(0);
    expect(await redis.hexists(hash, 'fp')).toBe(1);
    expect(await redis.warroomHdelIfIncident(hash, 'fp', 'INC-0002')).toBe(1);
    expect(await redis.hexists(hash, 'fp')).toBe(0);
  },
  async warroomHsetMax() {
    const hash = key('last-seen');
    await redis.warroomHsetMax(hash, 'INC-0001', 200);
    await redis.warroomHsetMax(hash, 'INC-0001', 100);
    expect(await redis.hget(hash, 'INC-0001')).toBe('200');
    await redis.warroomHsetMax(hash, 'INC-0001', 300);
    expect(await redis.hget(hash, 'INC-0001')).toBe('300');
  },
  async warroomClaimPostSlot() {
    const [slot, line] = [key('slot'), key('line')];
    const claim = (now: number, priority: number, id: string) =>
      redis.warroomClaimPostSlot(slot, line, now, 1_000, 5_000, priority, id);
    expect(await claim(10_000, 0, 'INC-1')).toBe(0);
    // The next incident in the same second waits for the next slot, and holds it in the line.
    expect(await claim(10_100, 0, 'INC-2')).toBe(900);
    expect(await redis.zscore(line, 'INC-2')).toBe(String(11_000 * 4));
    // A decision goes ahead of it: it takes that slot, and the deferrable post moves one back.
    expect(await claim(10_200, 2, 'INC-3')).toBe(800);
    expect(await redis.zscore(line, 'INC-3')).toBe(String(11_000 * 4 + 2));
    expect(await redis.zscore(line, 'INC-2')).toBe(String(12_000 * 4));
    // Woken at its old slot, the moved post waits on; at its new one it posts and leaves the line.
    expect(await claim(11_000, 0, 'INC-2')).toBe(1_000);
    expect(await claim(12_000, 0, 'INC-2')).toBe(0);
    expect(await redis.zscore(line, 'INC-2')).toBeNull();
  },
  async warroomChaosAdvance() {
    const chaos = key('chaos');
    await redis.hset(chaos, 'on', '1', 'seq', '4');
    expect(await redis.warroomChaosAdvance(chaos, 3, 4)).toBe(0);
    expect(await redis.warroomChaosAdvance(chaos, 4, 5)).toBe(1);
    expect(await redis.hget(chaos, 'seq')).toBe('5');
    await redis.hset(chaos, 'on', '0');
    expect(await redis.warroomChaosAdvance(chaos, 5, 6)).toBe(0);
    expect(await redis.hget(chaos, 'seq')).toBe('5');
  },
  async warroomStepThresholds() {
    const thresholds = key('thresholds');
    await redis.hset(thresholds, 'network', '0.95');
    await redis.warroomStepThresholds(thresholds, 0.5, 0.1, 1, 'network', 0.1, 'storage', -0.2);
    expect(Number(await redis.hget(thresholds, 'network'))).toBe(1);
    expect(Number(await redis.hget(thresholds, 'storage'))).toBeCloseTo(0.3);
  },
  async warroomCountInWindow() {
    const rate = key('rate');
    expect(await redis.warroomCountInWindow(rate, 60)).toEqual([1, 60]);
    const [count, ttl] = (await redis.warroomCountInWindow(rate, 60)) as [number, number];
    expect(count).toBe(2);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  },
  async warroomStartStage() {
    const [ticket, stages, timeline] = [key('ticket'), key('stages'), key('timeline')];
    const start = (runsWhile: string, run: string) =>
      redis.warroomStartStage(
        ticket,
        stages,
        timeline,
        'status',
        runsWhile,
        'rca',
        run,
        100,
        'type',
        'stage.started',
      );
    expect(await start('Diagnosing', '{}')).toBeNull();
    await redis.hset(ticket, 'doc', JSON.stringify({ status: 'Diagnosing' }));
    // A ticket without the status field beside its document: the script reads it from inside.
    expect(await start('Resolved Rejected', '{}')).toEqual(['{"status":"Diagnosing"}', 0, '']);
    expect(await redis.hlen(stages)).toBe(0);
    await redis.hset(ticket, 'status', 'Awaiting_Approval');
    await redis.hset(ticket, 'joined', '["fp-1"]');
    expect(await start('Diagnosing Awaiting_Approval', '{"a":1}')).toEqual([
      '{"status":"Diagnosing"}',
      1,
      '["fp-1"]',
    ]);
    expect(await redis.hget(stages, 'rca')).toBe('{"a":1}');
    expect((await redis.xrange(timeline, '-', '+')).map(([, fields]) => fields)).toEqual([
      ['type', 'stage.started'],
    ]);
  },
  async warroomSilenceHold() {
    const [held, silences] = [key('held'), key('silences')];
    const hold = (fingerprint: string, at: string, max = 3) =>
      redis.warroomSilenceHold(
        held,
        silences,
        'SIL-0001',
        fingerprint,
        JSON.stringify({ system: 'api', at }),
        max,
      );
    // A silence that ended (or never was) records nothing.
    expect(await hold('fp-1', 't0')).toBe(0);
    expect(await redis.exists(held)).toBe(0);
    await redis.hset(silences, 'SIL-0001', '{}', 'SIL-0002', '{}');
    expect(await hold('fp-1', 't1')).toBe(1);
    // A replay of the same alert moves `last` but not the count.
    expect(await hold('fp-1', 't2')).toBe(1);
    expect(await hold('fp-2', 't3')).toBe(2);
    expect(JSON.parse((await redis.hget(held, 'SIL-0001')) ?? '')).toEqual({
      count: 2,
      last: { system: 'api', at: 't3' },
      fingerprints: ['fp-1', 'fp-2'],
    });
    // Past the kept fingerprints, every delivery counts.
    expect(await hold('fp-3', 't4', 2)).toBe(3);
    expect(await hold('fp-3', 't5', 2)).toBe(4);
    // Many holds at once, as ingest workers send them: none is lost.
    const other = key('held');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        redis.warroomSilenceHold(other, silences, 'SIL-0002', `fp-${i % 20}`, '{"at":"t"}', 1000),
      ),
    );
    expect(JSON.parse((await redis.hget(other, 'SIL-0002')) ?? '').count).toBe(20);
  },
  async warroomJoinIncident() {
    const [alerts, ticket, timeline, revision, pending] = [
      key('alerts'),
      key('ticket'),
      key('timeline'),
      key('rev'),
      key('sync-pending'),
    ];
    const entry = [100, 'type', 'alerts.correlated'];
    const join = (statuses: string[][], joined: string[], sync: string, ...fields: Array<string | number>) =>
      redis.warroomJoinIncident(
        alerts,
        ticket,
        timeline,
        revision,
        pending,
        statuses.length,
        ...statuses.flat(),
        joined.length,
        ...joined,
        sync,
        15_000,
        ...fields,
      );
    // No ticket: nothing is written.
    expect(await join([['fp-1', 'firing']], ['fp-1'], 'later', ...entry)).toBeNull();
    expect(await redis.exists(alerts, ticket, timeline, revision, pending)).toBe(0);
    await redis.hset(ticket, 'doc', '{}');
    // The opening alert is on the list already: it is not fresh, the joined ones are.
    await redis.hset(alerts, 'fp-0', 'firing');
    const statuses = [
      ['fp-0', 'firing'],
      ['fp-1', 'firing'],
      ['fp/2', 'resolved'],
    ];
    expect(await join(statuses, ['fp-0', 'fp-1', 'fp/2', 'fp-1'], 'later', ...entry)).toEqual([
      ['fp-1', 'fp/2'],
      1,
    ]);
    expect(JSON.parse((await redis.hget(ticket, 'joined')) ?? '')).toEqual(['fp-1', 'fp/2']);
    expect(await redis.hgetall(alerts)).toEqual({ 'fp-0': 'firing', 'fp-1': 'firing', 'fp/2': 'resolved' });
    expect(await redis.xlen(timeline)).toBe(1);
    expect(await redis.get(pending)).toBe('later');
    // The same share again (its job ran twice): nothing fresh, no entry; the sync is pending already.
    expect(await join(statuses, ['fp-1', 'fp/2'], 'later', ...entry)).toEqual([[], 0]);
    expect(await redis.xlen(timeline)).toBe(1);
    // Appended as text to what is there; without entry fields only the alerts join; no sync asked.
    expect(await join([['fp-3', 'firing']], ['fp-3'], '')).toEqual([['fp-3'], 0]);
    expect(JSON.parse((await redis.hget(ticket, 'joined')) ?? '')).toEqual(['fp-1', 'fp/2', 'fp-3']);
    expect(await redis.xlen(timeline)).toBe(1);
    expect(await redis.get(revision)).toBe('2');
    // A storm's share: more statuses than one HSET may carry.
    const many = Array.from({ length: 3000 }, (_, i) => [`storm-${i}`, 'firing']);
    const reply = (await join(
      many,
      many.map(([fingerprint]) => fingerprint ?? ''),
      'now',
    )) as [string[], number];
    expect(reply[0]).toHaveLength(3000);
    expect(reply[1]).toBe(2);
    expect(await redis.hlen(alerts)).toBe(3004);
    expect(JSON.parse((await redis.hget(ticket, 'joined')) ?? '')).toHaveLength(3003);
  },
  async warroomRecordOutcome() {
    const steps = key('steps');
    expect(await redis.warroomRecordOutcome(steps, 's1|start', 's1|outcome', 'done')).toBe(0);
    expect(await redis.hexists(steps, 's1|outcome')).toBe(0);
    await redis.hset(steps, 's1|start', '{}');
    expect(await redis.warroomRecordOutcome(steps, 's1|start', 's1|outcome', 'done')).toBe(1);
    expect(await redis.warroomRecordOutcome(steps, 's1|start', 's1|outcome', 'failed')).toBe(0);
    expect(await redis.hget(steps, 's1|outcome')).toBe('done');
  },
  async warroomCompareAndSet() {
    const doc = key('doc');
    expect(await redis.warroomCompareAndSet(doc, '-1', '{"v":0}', '0', 'status', 'Diagnosing')).toBe(1);
    expect(await redis.warroomCompareAndSet(doc, '-1', '{"v":9}', '0')).toBe(0);
    expect(await redis.warroomCompareAndSet(doc, '0', '{"v":1}', '1', 'status', 'Resolved')).toBe(1);
    expect(await redis.warroomCompareAndSet(doc, '0', '{"v":2}', '1')).toBe(0);
    expect(await redis.hgetall(doc)).toEqual({ doc: '{"v":1}', version: '1', status: 'Resolved' });
  },
  async warroomCauseVerdict() {
    const [verdicts, tallies] = [key('cause-verdicts'), key('cause-tallies')];
    const record = (verdict: string, tally?: string) => JSON.stringify({ verdict, tally });
    expect(await redis.warroomCauseVerdict(verdicts, tallies, 'U1', record('wrong', 'w'), 'w')).toBeNull();
    // Replaced: the old tally goes down, the new one up; a record that counts nowhere moves nothing.
    expect(await redis.warroomCauseVerdict(verdicts, tallies, 'U1', record('right', 'r'), 'r')).toBe(
      record('wrong', 'w'),
    );
    expect(await redis.warroomCauseVerdict(verdicts, tallies, 'U2', record('right'), '')).toBeNull();
    expect(await redis.hgetall(tallies)).toEqual({ w: '0', r: '1' });
    // A tally already at 0 (cleared by hand) never goes below it.
    await redis.hset(tallies, 'r', '0');
    await redis.warroomCauseVerdict(verdicts, tallies, 'U1', record('right'), '');
    expect(await redis.hgetall(tallies)).toEqual({ w: '0', r: '0' });
    expect(await redis.hget(verdicts, 'U2')).toBe(record('right'));
  },
  async warroomRequestSync() {
    const [revision, pending] = [key('rev'), key('sync-pending')];
    expect(await redis.warroomRequestSync(revision, pending, 15_000)).toBe(1);
    expect(await redis.warroomRequestSync(revision, pending, 15_000)).toBe(0);
    expect(await redis.get(revision)).toBe('2');
    expect(await redis.pttl(pending)).toBeGreaterThan(0);
    await redis.del(pending);
    expect(await redis.warroomRequestSync(revision, pending, 15_000)).toBe(1);
    // A sync that may wait: later requests ride on it, until one that may not wait takes it over once.
    await redis.del(pending);
    expect(await redis.warroomRequestSync(revision, pending, 15_000, 'later')).toBe(1);
    expect(await redis.warroomRequestSync(revision, pending, 15_000, 'later')).toBe(0);
    expect(await redis.warroomRequestSync(revision, pending, 15_000, 'now')).toBe(2);
    expect(await redis.warroomRequestSync(revision, pending, 15_000, 'now')).toBe(0);
    expect(await redis.warroomRequestSync(revision, pending, 15_000, 'later')).toBe(0);
    expect(await redis.get(pending)).toBe('now');
  },
  async warroomPlacementRead() {
    const [counters, open, heads, lastSeen, floods, opened, index, opening] = [
      key('placement'),
      key('open'),
      key('heads'),
      key('last-seen'),
      key('floods'),
      key('opened'),
      key('alerts'),
      key('opening'),
    ];
    await redis.hset(counters, 'structure', '3');
    await redis.zadd(open, 1, 'INC-0001', 2, 'INC-0002');
    await redis.hset(heads, 'INC-0001', '{"system":"api"}', 'INC-0009', '{"system":"closed"}');
    await redis.hset(lastSeen, 'INC-0002', '500');
    await redis.hset(floods, 'INC-0002', '{"source":"generic"}', 'INC-0009', '{"source":"generic"}');
    await redis.hset(index, 'fp1', '{"incidentId":"INC-0001"}');
    await redis.hset(opening, 'INC-0002', '2', 'INC-0009', '1');
    const fingerprints = ['fp1', ...Array.from({ length: 2500 }, (_, i) => `new-${i}`)];
    const reply = (await redis.warroomPlacementRead(
      counters,
      open,
      heads,
      lastSeen,
      floods,
      opened,
      index,
      opening,
      ...fingerprints,
    )) as unknown[];
    expect(reply.slice(0, 7)).toEqual([
      '3',
      '0',
      ['INC-0001', 'INC-0002'],
      ['{"system":"api"}', null],
      [null, '500'],
      ['INC-0002', '{"source":"generic"}'],
      '0',
    ]);
    const series = reply[7] as (string | null)[];
    expect(series).toHaveLength(fingerprints.length);
    expect(series[0]).toBe('{"incidentId":"INC-0001"}');
    expect(series.slice(1).every((value) => value === null)).toBe(true);
    expect(reply[8]).toEqual(['INC-0002']);
    // What closed is forgotten as it is read.
    expect(await redis.hkeys(heads)).toEqual(['INC-0001']);
    expect(await redis.hkeys(floods)).toEqual(['INC-0002']);
    expect(await redis.hkeys(opening)).toEqual(['INC-0002']);
  },
  async warroomPlacementCommit() {
    const keys = Array.from({ length: 12 }, (_, i) => key(`commit-${i}`));
    // Two more deliveries placed in the same group as the first.
    const grouped = [key('commit-placed-b'), key('commit-placed-c')];
    const [
      counters,
      index,
      deliveries,
      lastSeen,
      heads,
      open,
      floods,
      sequence,
      opened,
      placed,
      opening,
      early,
    ] = keys;
    await redis.hset(counters ?? '', 'structure', '2', 'reach', '5');
    await redis.hset(index ?? '', 'fp-old', '{"incidentId":"INC-0001","count":1}');
    await redis.zadd(early ?? '', 1000, 'fp-fired', 1000, 'fp-resolved-again');
    await redis.hset(lastSeen ?? '', 'INC-0001', '900');
    await redis.set(sequence ?? '', '6');
    const writes = {
      series: [
        ['fp-old', '{"incidentId":"INC-0001","count":2}'],
        ['fp-new', '{"incidentId":"<new:ab12:0>","count":1}'],
      ],
      deliveries: [
        ['INC-0001', 1],
        ['<new:ab12:0>', 1],
      ],
      lastSeen: [
        ['INC-0001', '800'],
        ['<new:ab12:0>', '1000'],
      ],
      heads: [['<new:ab12:0>', '{"system":"db"}']],
      floods: [['<new:ab12:1>', '{"source":"generic"}']],
      opened: 1,
      early: ['fp-resolved-again', 'fp-resolved'],
      settled: ['fp-fired'],
    };
    const placedText = JSON.stringify({ opens: ['<new:ab12:0>', '<new:ab12:1>'], issue: '<new:other:0>' });
    const seen = JSON.stringify([
      ['fp-old', '{"incidentId":"INC-0001","count":1}'],
      ['fp-new', ''],
    ]);
    const commit = (structure: string, reach: string, read: string) =>
      redis.warroomPlacementCommit(
        keys.length + grouped.length,
        ...keys,
        ...grouped,
        structure,
        reach,
        '1234',
        '120',
        '2',
        'ab12',
        read,
        JSON.stringify(writes),
        '60',
        placedText,
        '@batch-a',
      );
    // Someone placed meanwhile: the structure, the reach or a series moved. Nothing is written.
    expect(await commit('1', '', seen)).toEqual([0]);
    expect(await commit('2', '4', seen)).toEqual([0]);
    expect(await commit('2', '', JSON.stringify([['fp-new', 'x']]))).toEqual([0]);
    expect(await redis.get(sequence ?? '')).toBe('6');
    expect(await redis.exists(placed ?? '', ...grouped)).toBe(0);
    expect(await redis.exists(opening ?? '')).toBe(0);

    expect(await commit('2', '5', seen)).toEqual([1, ['INC-0007', 'INC-0008']]);
    expect(JSON.parse((await redis.get(placed ?? '')) ?? '')).toEqual({
      opens: ['INC-0007', 'INC-0008'],
      issue: '<new:other:0>',
    });
    expect(await redis.ttl(placed ?? '')).toBeGreaterThan(0);
    // The group's other deliveries point at the first one's record, kept as long.
    for (const other of grouped) {
      expect(await redis.get(other)).toBe('@batch-a');
      expect(await redis.ttl(other)).toBeGreaterThan(0);
    }
    // A delivery of the group placed already (by another worker): nothing more is written.
    expect(await commit('3', '6', JSON.stringify([]))).toEqual([2]);
    await redis.del(placed ?? '');
    expect(await commit('3', '6', JSON.stringify([]))).toEqual([2]);
    expect(await redis.get(sequence ?? '')).toBe('8');
    expect(await redis.hgetall(index ?? '')).toEqual({
      'fp-old': '{"incidentId":"INC-0001","count":2}',
      'fp-new': '{"incidentId":"INC-0007","count":1}',
    });
    expect(await redis.hgetall(deliveries ?? '')).toEqual({ 'INC-0001': '1', 'INC-0007': '1' });
    // The newest time only moves forward.
    expect(await redis.hgetall(lastSeen ?? '')).toEqual({ 'INC-0001': '900', 'INC-0007': '1000' });
    expect(await redis.hgetall(heads ?? '')).toEqual({ 'INC-0007': '{"system":"db"}' });
    expect(await redis.zrange(open ?? '', 0, -1, 'WITHSCORES')).toEqual([
      'INC-0007',
      '1234',
      'INC-0008',
      '1234',
    ]);
    expect(await redis.hgetall(floods ?? '')).toEqual({ 'INC-0008': '{"source":"generic"}' });
    expect(await redis.hgetall(opening ?? '')).toEqual({ 'INC-0007': '1234', 'INC-0008': '1234' });
    expect(await redis.get(opened ?? '')).toBe('1');
    expect(await redis.ttl(opened ?? '')).toBeGreaterThan(0);
    expect(await redis.hgetall(counters ?? '')).toEqual({ structure: '3', reach: '6' });
    // Early resolutions are indexed by when they were written; one whose firing came leaves.
    expect(await redis.zrange(early ?? '', 0, -1, 'WITHSCORES')).toEqual([
      'fp-resolved',
      '1234',
      'fp-resolved-again',
      '1234',
    ]);
  },
  async warroomForgetEarlyResolutions() {
    const [early, index] = [key('early'), key('alerts')];
    const resolvedEarly = '{"incidentId":"","status":"resolved","eventAtMs":1,"count":1}';
    const fired = '{"incidentId":"INC-0003","status":"firing","eventAtMs":1,"count":2}';
    await redis.hset(index, 'old-1', resolvedEarly, 'old-2', resolvedEarly, 'young', resolvedEarly);
    // Its firing made it an incident's series (and the index entry of the early one was not settled).
    await redis.hset(index, 'fired', fired);
    await redis.zadd(early, 100, 'old-1', 200, 'old-2', 300, 'fired', 5_000, 'young');
    // Up to the limit per call, oldest first; the young one stays.
    expect(await redis.warroomForgetEarlyResolutions(early, index, 1_000, 2)).toEqual([2, 2]);
    expect(await redis.warroomForgetEarlyResolutions(early, index, 1_000, 2)).toEqual([1, 0]);
    expect(await redis.hgetall(index)).toEqual({ fired, young: resolvedEarly });
    expect(await redis.zrange(early, 0, -1)).toEqual(['young']);
    expect(await redis.warroomForgetEarlyResolutions(early, index, 1_000, 2)).toEqual([0, 0]);
  },
} satisfies Record<ScriptName, () => Promise<void>>;

describe('the store scripts against the real Redis', () => {
  beforeAll(() => {
    redis = createRedis(testRedisUrl(), 'command');
  });
  afterAll(async () => {
    await closeRedis(redis);
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  it('have one case each here', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(SCRIPTS).sort());
  });

  it.each(Object.keys(SCRIPTS) as ScriptName[])('%s', async (name) => {
    await CASES[name]();
  });

  it('are registered once per connection, and work in a MULTI queued by their source', async () => {
    const fresh = createRedis(testRedisUrl(), 'command');
    try {
      expect(withScripts(fresh)).toBe(fresh);
      const hash = key('fingerprints');
      await fresh.hset(hash, 'fp', 'INC-0001');
      const tx = fresh.multi();
      queueScript(tx, 'warroomHdelIfEquals', hash, 'fp', 'INC-0001');
      expect(await execAll(tx.hlen(hash))).toEqual([1, 0]);
    } finally {
      await closeRedis(fresh);
    }
  });

  it('fail the whole transaction when one command in it fails, though Redis applied the others', async () => {
    const [text, hash] = [key('text'), key('hash')];
    await redis.set(text, 'not a hash');
    const failing = () => redis.multi().hset(hash, 'applied', '1').hset(text, 'field', '1');
    // Control: plain EXEC resolves, the failure only inside its result array.
    const [, second] = (await failing().exec()) ?? [];
    expect(second?.[0]).toBeInstanceOf(Error);
    expect(await redis.hget(hash, 'applied')).toBe('1');
    await expect(execAll(failing())).rejects.toThrow(/WRONGTYPE/);
  });
});

describe('Lua scripts on a redis-server of their own (started here), whose script cache is flushed', () => {
  // SCRIPT FLUSH empties the cache of every client of a server: never on the shared test Redis,
  // where other files run their scripts at the same time.
  let own: OwnRedis;
  let redis: Redis;
  beforeAll(async () => {
    own = await ownRedis();
    redis = createRedis(own.url, 'command');
  });
  afterAll(async () => {
    await closeRedis(redis);
    await own.dispose();
  });

  it('are sent by their SHA once Redis knows them, and again after Redis forgets them', async () => {
    const sha = createHash('sha1').update(SCRIPTS.warroomLeaseRelease.lua).digest('hex');
    await redis.warroomLeaseRelease('lease', 'token');
    expect(await redis.script('EXISTS', sha)).toEqual([1]);
    // An operator (or another process) flushed the cache: ioredis reloads a lone script itself.
    await redis.script('FLUSH');
    expect(await redis.warroomLeaseRelease('lease', 'token')).toBe(0);
    expect(await redis.script('EXISTS', sha)).toEqual([1]);
  });

  it('still run inside a transaction that uses one after a flush between two calls (an eviction)', async () => {
    const keys = createKeys('flushed');
    const retention = createIncidentRetention(redis, keys);
    const series = (incidentId: string) =>
      JSON.stringify({ incidentId, status: 'firing', eventAtMs: 1, count: 1 });
    const owned = async (id: string, fingerprint: string) => {
      await redis.hset(keys.alertIndex, fingerprint, series(id));
      await redis.hset(keys.incidentAlerts(id), fingerprint, '1');
      await redis.zadd(keys.allIncidents, 1, id);
    };
    await owned('INC-0001', 'fp-1');
    await owned('INC-0002', 'fp-2');
    await owned('INC-0003', 'fp-3');
    // A fingerprint a later incident took over stays with it.
    await redis.hset(keys.incidentAlerts('INC-0002'), 'fp-3', '1');

    await retention.evict('INC-0001');
    expect(await redis.hexists(keys.alertIndex, 'fp-1')).toBe(0);
    await redis.script('FLUSH');
    await retention.evict('INC-0002');
    expect(await redis.hexists(keys.alertIndex, 'fp-2')).toBe(0);
    expect(await redis.hget(keys.alertIndex, 'fp-3')).toBe(series('INC-0003'));
    expect(await redis.zscore(keys.allIncidents, 'INC-0002')).toBeNull();
  });
});
