import { describe, expect, it } from 'vitest';
import { parseTeamCatalog } from '../../../../src/catalog/team-catalog.js';
import {
  DEFAULT_HEALTH_RULES,
  type HealthRule,
  type HealthSignal,
} from '../../../../src/domain/catalog/health-rules.js';
import { formatProblem } from '../../../../src/domain/catalog/index.js';
import { changeFromWebhook } from '../../../../src/domain/change.js';
import { activeFreeze, parseFreezeWindows } from '../../../../src/domain/rollout/freeze-windows.js';
import { gatesVerdict, healthGateVerdict, promqlGateVerdict } from '../../../../src/domain/rollout/gate.js';
import {
  type PreflightFacts,
  preflightVerdict,
  proposedRollbacks,
} from '../../../../src/domain/rollout/preflight.js';
import {
  changesInTheWay,
  parseChangeId,
  phasesFor,
  phaseUnits,
  Rollout,
  type RolloutPlan,
  rollbackUnits,
  stepPhases,
} from '../../../../src/domain/rollout/rollout.js';
import { parseDurationSeconds, parseRolloutArgs } from '../../../../src/domain/rollout/rollout-request.js';

describe('phase plans', () => {
  it('turns percentages into instance counts, rounded up, repeats dropped, each phase switching the next instances', () => {
    expect(phasesFor([1, 25, 50, 100], 3)).toEqual([
      { percent: 1, size: 1, instances: [1] },
      { percent: 50, size: 2, instances: [2] },
      { percent: 100, size: 3, instances: [3] },
    ]);
    expect(phasesFor([10, 100], 20).map((phase) => phase.instances.length)).toEqual([2, 18]);
    expect(phasesFor([100], 1)).toEqual([{ percent: 100, size: 1, instances: [1] }]);
  });

  it('runs step N alone in phase N (a canary, then the rest) and rolls the steps done back newest first', () => {
    expect(stepPhases([10, 100], 2).map((phase) => phase.percent)).toEqual([10, 100]);
    expect(stepPhases([1, 25, 50, 100], 2).map((phase) => phase.percent)).toEqual([50, 100]);
    const plan: RolloutPlan = {
      runbookId: 'canary-shop',
      executor: 'prod-k8s',
      unit: 'step',
      instances: 1,
      phases: stepPhases([10, 100], 2),
      gates: [{ kind: 'health' }],
      steps: ['canary', 'rest'].map((id) => ({
        id,
        title: id,
        executor: 'prod-k8s',
        action: id,
        risk: 'medium' as const,
      })),
    };
    expect(phaseUnits(plan, 1)).toEqual([{ key: 2, unit: { step: 'rest' } }]);
    expect(rollbackUnits(plan, [1, 2])).toEqual([
      { key: 2, unit: { step: 'rest' } },
      { key: 1, unit: { step: 'canary' } },
    ]);
    expect(rollbackUnits({ ...plan, unit: 'percent' }, [1, 2])).toEqual([{ key: 0, unit: { percent: 100 } }]);
    expect(rollbackUnits({ ...plan, unit: 'instance' }, [1, 3])).toEqual([
      { key: 3, unit: { instance: 3 } },
      { key: 1, unit: { instance: 1 } },
    ]);
    expect(rollbackUnits(plan, [])).toEqual([]);
  });

  it('parses /change rollout with its options, and says what to type for each bad one', () => {
    expect(parseRolloutArgs(['shop', '2.0.0'])).toEqual({
      ok: true,
      request: { service: 'shop', version: '2.0.0', phases: [1, 25, 50, 100], bakeSeconds: 300 },
    });
    expect(
      parseRolloutArgs(['shop', '2.0.0', '--phases', '34,67,100', '--bake=90s', '--previous', '1.9.9']),
    ).toEqual({
      ok: true,
      request: {
        service: 'shop',
        version: '2.0.0',
        previousVersion: '1.9.9',
        phases: [34, 67, 100],
        bakeSeconds: 90,
      },
    });
    const problem = (words: string[]) => {
      const parsed = parseRolloutArgs(words);
      return parsed.ok ? undefined : parsed.problem;
    };
    expect(problem(['shop'])).toMatch(/takes a service and a version/);
    expect(problem(['shop', '2.0.0', '--phases', '50,25,100'])).toBe(
      'phases: phases must rise, e.g. 1,25,50,100',
    );
    expect(problem(['shop', '2.0.0', '--phases', '25,50'])).toMatch(/last phase must be 100/);
    expect(problem(['shop', '2.0.0', '--phases', 'lots'])).toMatch(/give percentages/);
    expect(problem(['shop', '2.0.0', '--bake', 'soon'])).toMatch(/give a duration/);
    expect(problem(['shop', '2.0.0', '--bake'])).toBe('`--bake` needs a value');
    expect(problem(['shop', '2.0.0', '--force'])).toMatch(/unknown option `--force`/);
    expect(problem(['shop', '2.0;rm -rf /'])).toMatch(/^version: /);
    expect(parseDurationSeconds('1h30m')).toBe(5400);
    expect(parseDurationSeconds('5m')).toBe(300);
    expect(parseDurationSeconds('')).toBeUndefined();
    expect(parseChangeId('chg-3')).toBe('CHG-0003');
    expect(parseChangeId('INC-0003')).toBeUndefined();
  });
});

describe('freeze windows', () => {
  it('parses comma-separated ISO 8601 intervals and finds the active one (start inclusive, end exclusive)', () => {
    const parsed = parseFreezeWindows(
      '2026-12-24T00:00Z/2026-12-27T00:00Z, 2027-01-01T00:00:00+01:00/2027-01-02T00:00Z',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.windows.map((window) => window.text)).toEqual([
      '2026-12-24T00:00Z/2026-12-27T00:00Z',
      '2027-01-01T00:00:00+01:00/2027-01-02T00:00Z',
    ]);
    expect(activeFreeze(parsed.windows, new Date('2026-12-24T00:00:00Z'))?.text).toBe(
      '2026-12-24T00:00Z/2026-12-27T00:00Z',
    );
    expect(activeFreeze(parsed.windows, new Date('2026-12-27T00:00:00Z'))).toBeUndefined();
    expect(activeFreeze(parsed.windows, new Date('2026-12-23T23:59:59Z'))).toBeUndefined();
    expect(parseFreezeWindows('')).toEqual({ ok: true, windows: [] });
  });

  it('names every bad entry: no interval, no zone, ends before it starts', () => {
    const parsed = parseFreezeWindows(
      '2026-12-24, 2026-12-24T00:00/2026-12-25T00:00, 2026-12-27T00:00Z/2026-12-24T00:00Z',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      '"2026-12-24" is not an interval: write it as start/end in ISO 8601 with a zone, e.g. 2026-12-24T00:00Z/2026-12-27T00:00Z',
      '"2026-12-24T00:00/2026-12-25T00:00" has a start or end that is no instant: write it as start/end in ISO 8601 with a zone, e.g. 2026-12-24T00:00Z/2026-12-27T00:00Z',
      '"2026-12-27T00:00Z/2026-12-24T00:00Z" ends before it starts',
    ]);
  });
});

describe('freeze windows on a catalog service', () => {
  const catalogWith = (freeze: string) =>
    parseTeamCatalog([
      {
        name: 'catalog.yaml',
        text: `services:\n  - name: shop\n    owner: { team: shop }\n    tier: 2\n    freeze: [${freeze}]\n`,
      },
    ]);

  it('reads `freeze:` into the service, and names a bad entry with its place', () => {
    const good = catalogWith('"2026-12-24T00:00Z/2026-12-27T00:00Z"');
    expect(good.ok && good.catalog.find('shop')?.freeze?.map((window) => window.text)).toEqual([
      '2026-12-24T00:00Z/2026-12-27T00:00Z',
    ]);
    const bad = catalogWith('"next week"');
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map(formatProblem).join('\n')).toMatch(/freeze.*"next week" is not an interval/);
  });
});

describe('pre-flight', () => {
  const clear: PreflightFacts = {
    service: 'shop',
    version: '2.4.9',
    health: [
      { service: 'shop', state: 'healthy', why: [] },
      { service: 'db', state: 'healthy', why: [] },
    ],
    incidents: [],
    dryRunProblems: [],
  };

  it('passes only when everything holds (positive control)', () => {
    expect(preflightVerdict(clear)).toEqual({ ok: true, notes: [] });
  });

  it('blocks on missing data, an unhealthy dependency, an open incident, a freeze window and a failed dry run, naming each', () => {
    const verdict = preflightVerdict({
      ...clear,
      health: [
        { service: 'shop', state: 'unknown', why: ['no data for error_rate_pct on shop'] },
        { service: 'db', state: 'degraded', why: ['error_rate_pct 12 ≥ 5: degraded'] },
      ],
      incidents: [{ id: 'INC-0004', system: 'db', proposes: [] }],
      freeze: {
        window: { text: '2026-12-24T00:00Z/2026-12-27T00:00Z', startMs: 0, endMs: 1 },
        source: 'FREEZE_WINDOWS',
      },
      dryRunProblems: ['step restart via lab-supervisor: BAD_NAME'],
    });
    expect(verdict).toEqual({
      ok: false,
      reasons: [
        'freeze window 2026-12-24T00:00Z/2026-12-27T00:00Z is active (FREEZE_WINDOWS)',
        'open incident INC-0004 touches db',
        'shop has no data, so it cannot be called healthy: no data for error_rate_pct on shop',
        'db is degraded: error_rate_pct 12 ≥ 5: degraded',
        'dry run: step restart via lab-supervisor: BAD_NAME',
      ],
    });
  });

  it('blocks a second change of a service while one is still under way', () => {
    expect(preflightVerdict({ ...clear, otherChanges: [{ id: 'CHG-0002', status: 'halted' }] })).toEqual({
      ok: false,
      reasons: ['change CHG-0002 of shop is still halted: one change of a service at a time'],
    });
  });

  it("exempts the rollback an open incident's own plan proposes: it is remediation; any other version is blocked", () => {
    const proposes = [{ service: 'shop', version: '2.4.9' }];
    expect(preflightVerdict({ ...clear, incidents: [{ id: 'INC-0005', system: 'shop', proposes }] })).toEqual(
      {
        ok: true,
        notes: ['INC-0005 is open on shop; its plan proposes this rollback'],
      },
    );
    for (const other of [
      { ...clear, version: '2.5.1' },
      { ...clear, version: '2.4' },
      { ...clear, service: 'cart' },
    ])
      expect(
        preflightVerdict({ ...other, incidents: [{ id: 'INC-0005', system: 'shop', proposes }] }),
      ).toEqual({ ok: false, reasons: ['open incident INC-0005 touches shop'] });
  });

  describe('the rollbacks a plan proposes, read from its structure', () => {
    const deployed = new Date('2026-12-06T10:00:00.000Z');
    const change = changeFromWebhook(
      { service: 'shop', version: '2.5.0', previousVersion: '2.4.9' },
      deployed,
    );
    const rollbackRunbook = {
      runbookId: 'rollback-shop',
      service: 'shop',
      params: { version: '2.4.9', region: 'eu' },
    };
    const versionParamsOf = (id: string) => (id === 'rollback-shop' ? ['version'] : []);

    it('a runbook that takes the version before the change: the value it was filled with', () => {
      expect(proposedRollbacks({ actions: [], runbook: rollbackRunbook }, versionParamsOf)).toEqual([
        { service: 'shop', version: '2.4.9' },
      ]);
    });

    it('a rollback_deploy action: the version before the newest change the incident names on its target', () => {
      const older = { ...change, id: 'ci-41', version: '2.4.9', previousVersion: '2.4.8' };
      expect(
        proposedRollbacks({ actions: [{ kind: 'rollback_deploy', target: 'shop' }] }, versionParamsOf, [
          change,
          older,
        ]),
      ).toEqual([{ service: 'shop', version: '2.4.9' }]);
    });

    it('nothing for a plan that rolls nothing back, whatever its words say (negative, beside the positives above)', () => {
      const restart = {
        runbookId: 'restart-shop',
        service: 'shop',
        params: { version: '2.4.9' },
      };
      expect(
        proposedRollbacks(
          { actions: [{ kind: 'restart', target: 'shop' }], runbook: restart },
          versionParamsOf,
          [change],
        ),
      ).toEqual([]);
      expect(
        proposedRollbacks({ actions: [{ kind: 'rollback_deploy', target: 'cart' }] }, versionParamsOf, [
          change,
        ]),
      ).toEqual([]);
      expect(
        proposedRollbacks({ actions: [{ kind: 'rollback_deploy', target: 'shop' }] }, versionParamsOf, []),
      ).toEqual([]);
      expect(proposedRollbacks(undefined, versionParamsOf, [change])).toEqual([]);
    });
  });
});

describe('other changes in the way', () => {
  const change = (id: string, status: Rollout['status'], service = 'shop') =>
    Rollout.parse({
      id,
      service,
      version: '2.0.0',
      phasesPct: [50, 100],
      bakeSeconds: 5,
      requestedBy: 'U1',
      source: 'slack',
      createdAt: '2026-12-06T10:00:00Z',
      status,
    });

  it('a change under way blocks; finished ones, other services and itself do not', () => {
    const mine = change('CHG-0005', 'preflight');
    const recent = [
      mine,
      change('CHG-0001', 'completed'),
      change('CHG-0002', 'rolling-out', 'cart'),
      change('CHG-0003', 'halted'),
    ];
    expect(changesInTheWay(mine, recent).map((other) => other.id)).toEqual(['CHG-0003']);
  });

  it('two in pre-flight at once: the one opened first goes on, the later one is blocked (past CHG-9999 too)', () => {
    const first = change('CHG-9999', 'preflight');
    const second = change('CHG-10000', 'preflight');
    expect(changesInTheWay(first, [first, second])).toEqual([]);
    expect(changesInTheWay(second, [first, second]).map((other) => other.id)).toEqual(['CHG-9999']);
  });
});

describe('gate verdicts', () => {
  const at = { service: 'checkout', afterSeconds: 10 };

  it("passes on readings within the service's health rules, with what it read (positive control)", () => {
    expect(healthGateVerdict(DEFAULT_HEALTH_RULES, { up: 1, error_rate_pct: 0.4 }, at)).toEqual({
      pass: true,
      summary: 'up 1 (limit 0), 5xx 0.4 % (limit 5 %) on checkout after 10 s',
    });
  });

  it('fails with the numbers when a reading crosses the first threshold, and on missing data', () => {
    expect(healthGateVerdict(DEFAULT_HEALTH_RULES, { up: 1, error_rate_pct: 42 }, at)).toEqual({
      pass: false,
      reason: '5xx 42 % > 5 % on checkout after 10 s',
    });
    expect(healthGateVerdict(DEFAULT_HEALTH_RULES, { up: 1 }, at)).toEqual({
      pass: false,
      reason: 'no data for 5xx on checkout after 10 s',
    });
    const lower = new Map<HealthSignal, HealthRule>([['up', { down: 0, worseWhen: 'lower' }]]);
    expect(healthGateVerdict(lower, { up: 0 }, at)).toEqual({
      pass: false,
      reason: 'up 0 < 0 on checkout after 10 s',
    });
    expect(healthGateVerdict(new Map(), {}, at)).toEqual({
      pass: false,
      reason: 'no health rule to judge checkout by',
    });
  });

  it('holds a PromQL gate to its max, no data failing', () => {
    const gate = {
      kind: 'promql' as const,
      name: 'p99',
      query: 'histogram_quantile(…)',
      max: 250,
      unit: 'ms',
    };
    expect(promqlGateVerdict(gate, { value: 120 }, at)).toEqual({
      pass: true,
      summary: 'p99 120 ms (limit 250 ms)',
    });
    expect(promqlGateVerdict(gate, { value: 900 }, at)).toEqual({
      pass: false,
      reason: 'p99 900 ms > 250 ms on checkout after 10 s',
    });
    expect(promqlGateVerdict(gate, { unreadable: 'the query could not be read' }, at)).toEqual({
      pass: false,
      reason: 'no data for p99 on checkout after 10 s (the query could not be read)',
    });
    expect(
      gatesVerdict([
        { pass: true, summary: 'a' },
        { pass: false, reason: 'b' },
        { pass: false, reason: 'c' },
      ]),
    ).toEqual({
      pass: false,
      reason: 'b; c',
    });
  });
});
