import { describe, expect, it } from 'vitest';
import { createRuleReasoner } from '../../../src/agents/rule-reasoner.js';
import { FAULT_CATALOG } from '../../../src/domain/faults.js';
import { diagnoseInProcess } from '../../../src/sim/diagnose-in-process.js';
import { initialEstate } from '../../../src/sim/estate/estate-state.js';
import { estateWith, FAULT_CASES, NOW } from '../domain/estate-fixtures.js';

const reasoner = createRuleReasoner();
const SEEDS = [1, 2, 3, 4, 5];
const TABLE = FAULT_CASES.flatMap((c) => SEEDS.map((seed) => ({ ...c, seed })));

describe('diagnosis in process: every fault × every service it applies to × seeds 1..5, noise on', () => {
  it.each(TABLE)('$kind on $service, seed $seed: the symptom as issue', async ({ kind, service, seed }) => {
    const run = await diagnoseInProcess({
      system: service,
      issue: FAULT_CATALOG[kind].symptom,
      state: estateWith(kind, service),
      seed,
      now: NOW,
      reasoner,
    });
    expect(run.rca).toMatchObject({ rootService: service, fault: kind });
    expect(run.rca.confidence).toBeGreaterThanOrEqual(85);
    expect(run.plan.actions[0]).toMatchObject({ kind: FAULT_CATALOG[kind].remediation[0], target: service });
    expect(run.triage.falsePositive.likely).toBe(false);
  });

  it.each(TABLE)(
    '$kind on $service, seed $seed: a vague issue still finds it from telemetry',
    async ({ kind, service, seed }) => {
      const run = await diagnoseInProcess({
        system: service,
        issue: 'something is wrong',
        state: estateWith(kind, service),
        seed,
        now: NOW,
        reasoner,
      });
      expect(run.rca.rootService).toBe(service);
      expect(run.rca.fault).toBe(kind);
    },
  );

  it.each(FAULT_CASES)(
    '$kind on $service: reported from web-edge with a vague issue, walks up to the root',
    async ({ kind, service }) => {
      const run = await diagnoseInProcess({
        system: 'web-edge',
        issue: 'users see errors',
        state: estateWith(kind, service),
        seed: 9,
        now: NOW,
        reasoner,
      });
      expect(run.rca).toMatchObject({ rootService: service, fault: kind });
    },
  );

  it('a healthy estate is a likely false positive with an unknown cause', async () => {
    const run = await diagnoseInProcess({
      system: 'api',
      issue: 'api is down',
      state: initialEstate(),
      seed: 1,
      now: NOW,
      reasoner,
    });
    expect(run.triage.falsePositive.likely).toBe(true);
    expect(run.rca).toMatchObject({ rootService: 'api', fault: 'unknown' });
    expect(run.plan.actions[0]?.kind).toBe('manual');
  });

  it('passes feedback to the plan', async () => {
    const run = await diagnoseInProcess({
      system: 'api',
      issue: 'pods crash looping',
      state: estateWith('crash', 'api'),
      seed: 1,
      now: NOW,
      reasoner,
      feedback: 'avoid restart',
    });
    expect(run.plan.actions.map((a) => a.kind)).toEqual(['scale_up']);
    expect(run.meta.specialists.every((meta) => meta.engine === 'rules')).toBe(true);
  });
});
