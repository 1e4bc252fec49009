import { describe, expect, it } from 'vitest';
import { vetoedActions } from '../../../src/agents/rules/feedback.js';
import { planByRules } from '../../../src/agents/rules/plan-rules.js';
import type { PlanInput, RcaOutput } from '../../../src/agents/schemas.js';
import { FAULT_CATALOG, FAULT_KINDS, type FaultKind } from '../../../src/domain/faults.js';
import { RUNBOOK } from '../../../src/domain/runbook.js';
import { FAULT_TARGETS } from '../../../src/sim/fault-targets.js';
import { serviceContext } from '../../../src/sim/service-context.js';

function input(fault: FaultKind | 'unknown', rootService: string, feedback?: string): PlanInput {
  const rca: RcaOutput = { rootService, fault, summary: 's', evidence: [], confidence: 90, explains: [] };
  return {
    incidentId: 'INC-0001',
    rca,
    service: serviceContext(rootService),
    ...(feedback ? { feedback } : {}),
  };
}

describe('plan rules', () => {
  it.each(FAULT_KINDS)("follows %s's runbook in order, on the root service", (fault) => {
    const root = FAULT_TARGETS[fault].defaultService;
    const plan = planByRules(input(fault, root));
    expect(plan.actions.map((a) => a.kind)).toEqual(FAULT_CATALOG[fault].remediation);
    plan.actions.forEach((action, index) => {
      const entry = RUNBOOK[action.kind];
      expect(action).toMatchObject({
        id: `a${index + 1}`,
        target: root,
        risk: entry.risk,
        rollback: entry.rollback,
      });
      expect(action.blastRadius).toBe(entry.blastRadius);
    });
  });

  it('describes canary rollout for per-instance actions', () => {
    const [first] = planByRules(input('crash', 'api')).actions;
    expect(first?.description).toBe(
      'Rolling restart on api: canary api-0 first, then the other 2 instance(s)',
    );
  });

  it('"avoid restart" drops it and the next runbook option leads, and says so', () => {
    const plan = planByRules(input('crash', 'api', 'Please avoid restart, it pages the on-call'));
    expect(plan.actions.map((a) => a.kind)).toEqual(['scale_up']);
    expect(plan.actions[0]?.id).toBe('a1');
    expect(plan.summary).toMatch(/Feedback applied: dropped restart; next runbook option scale_up leads\./);
  });

  it('"no failover" with nothing else in the runbook leaves a manual step', () => {
    const plan = planByRules(input('network_partition', 'network', 'no failover during business hours'));
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({ kind: 'manual', target: 'network', risk: RUNBOOK.manual.risk });
    expect(plan.actions[0]?.description).toMatch(/failover ruled out by feedback; team-infra to choose/);
    expect(plan.summary).toMatch(/no runbook option left, manual step instead/);
  });

  it('notes feedback about actions that were not planned', () => {
    const plan = planByRules(input('disk_full', 'storage', "don't fail over"));
    expect(plan.actions.map((a) => a.kind)).toEqual(['free_disk']);
    expect(plan.summary).toMatch(/Feedback noted: failover was not planned anyway/);
  });

  it('plans an investigation when the fault is unknown', () => {
    const plan = planByRules(input('unknown', 'billing'));
    expect(plan.actions[0]).toMatchObject({ kind: 'manual', target: 'billing' });
    expect(plan.summary).toMatch(/Investigate billing/);
  });
});

describe('vetoedActions', () => {
  it.each([
    ['avoid restart', ['restart']],
    ['No failover, and no restarts', ['failover', 'restart']],
    ['do not roll back the config', ['rollback_config']],
    ['skip the rollback', ['rollback_config', 'rollback_deploy']],
    ["don't flush the cache but scale up", ['clear_cache']],
    ['restart is fine; please scale up first', []],
  ])('%j rules out %j', (feedback, kinds) => {
    expect(vetoedActions(feedback).sort()).toEqual([...kinds].sort());
  });
});
