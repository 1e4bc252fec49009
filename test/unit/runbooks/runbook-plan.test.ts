import { describe, expect, it } from 'vitest';
import { planFromRunbooks, renderRunbookPlan, runbookAskedFor } from '../../../src/runbooks/index.js';
import { actionKindOf, runbookActions } from '../../../src/runbooks/planned-actions.js';
import { exampleCatalog, exampleRunbookFiles, runbooksOf } from './example-estate.js';

const catalog = exampleCatalog();
const runbooks = runbooksOf(exampleRunbookFiles(), catalog);
const describeStep = (step: { executor: string; action: { kind: string } }) =>
  `${step.executor} ${JSON.stringify(step.action)}`;

describe('a plan from the team runbooks', () => {
  it('takes the best matching runbook, fills its params from the incident and keeps only ids, values and masked lines', () => {
    const choice = planFromRunbooks(
      runbooks,
      catalog,
      { service: 'fraud-check', fault: 'crash' },
      describeStep,
    );
    expect(choice.kind).toBe('planned');
    if (choice.kind !== 'planned') return;
    expect(choice.plan).toMatchObject({
      runbookId: 'restart-fraud-check',
      service: 'fraud-check',
      autoEligible: true,
      steps: [{ stepId: 'restart', executor: 'lab-supervisor', risk: 'low', approval: 'plan' }],
    });
    expect(choice.plan.steps[0]?.action).toContain('"operation":"restart"');
    expect(renderRunbookPlan(runbooks, choice.plan)).toEqual({ ok: true, steps: choice.steps });
  });

  it('says per-step approval and medium risk make a runbook wait for a person', () => {
    const choice = planFromRunbooks(
      runbooks,
      catalog,
      { service: 'search', fault: 'disk_full' },
      describeStep,
    );
    expect(choice.kind).toBe('planned');
    if (choice.kind !== 'planned') return;
    expect(choice.plan.autoEligible).toBe(false);
    expect(choice.plan.steps.map((step) => step.approval)).toContain('per-step');
  });

  it('finds nothing for a fault no runbook names, and lists a matching runbook refusing the incident', () => {
    expect(
      planFromRunbooks(runbooks, catalog, { service: 'fraud-check', fault: 'slow' }, describeStep),
    ).toEqual({
      kind: 'none',
    });
    const refused = planFromRunbooks(
      runbooks,
      catalog,
      { service: 'search', fault: 'disk_full' },
      describeStep,
      { runbookId: 'free-disk', overrides: new Map([['keepDays', 999]]) },
    );
    expect(refused).toMatchObject({ kind: 'refused', runbookId: 'free-disk' });
  });

  it('an unloaded runbook cannot be rendered again', () => {
    expect(renderRunbookPlan(runbooks, { runbookId: 'gone', params: {} })).toEqual({
      ok: false,
      reason: 'runbook gone is no longer loaded',
    });
  });

  it('turns each step into a ticket action naming runbook, step, executor, rendered action and approval mode', () => {
    const choice = planFromRunbooks(
      runbooks,
      catalog,
      { service: 'fraud-check', fault: 'crash' },
      describeStep,
    );
    if (choice.kind !== 'planned') throw new Error('expected a plan');
    const [action] = runbookActions(
      choice.plan,
      choice.steps.map((step) => actionKindOf(step.action)),
      ['restores the state before'],
    );
    expect(action).toMatchObject({ id: 'restart', kind: 'restart', target: 'fraud-check', risk: 'low' });
    expect(action?.description).toMatch(
      /runbook restart-fraud-check step restart, executor lab-supervisor: .*\(the plan approval\)/,
    );
    expect(action?.rollback).toBe('restores the state before');
  });

  describe('"Request changes" naming another runbook', () => {
    const cycle = `id: stop-start-fraud-check
title: Stop, then start fraud-check
matches: { services: [fraud-check], faults: [crash] }
params:
  program: { type: enum, values: [fraud-check], default: fraud-check }
steps:
  - id: stop
    title: Stop it
    executor: lab-supervisor
    action: { kind: supervisor, operation: stop, program: "{{program}}" }
    risk: medium
  - id: start
    title: Start it
    executor: lab-supervisor
    action: { kind: supervisor, operation: start, program: "{{program}}" }
    risk: low
`;
    const withCycle = runbooksOf([...exampleRunbookFiles(), { name: 'cycle.yaml', text: cycle }], catalog);
    const crash = { service: 'fraud-check', fault: 'crash' };
    const planned = (asked?: ReturnType<typeof runbookAskedFor>) => {
      const choice = planFromRunbooks(withCycle, catalog, crash, describeStep, asked);
      return choice.kind === 'planned' ? choice.plan.runbookId : choice;
    };

    it('reads the runbook id and its param=value pairs out of the feedback', () => {
      expect(runbookAskedFor('use stop-start-fraud-check instead, program=fraud-check.', withCycle)).toEqual({
        runbookId: 'stop-start-fraud-check',
        overrides: new Map([['program', 'fraud-check']]),
      });
      expect(runbookAskedFor('(flush-session-cache) percent=50 colour=red', withCycle)).toEqual({
        runbookId: 'flush-session-cache',
        overrides: new Map([['percent', '50']]),
      });
      expect(runbookAskedFor('avoid restarts', withCycle)).toBeUndefined();
      expect(runbookAskedFor('use stop-start-fraud-checking', withCycle)).toBeUndefined();
    });

    it('plans the named runbook when it matches the incident, else the best match as before', () => {
      expect(planned()).toBe('restart-fraud-check');
      expect(planned(runbookAskedFor('use stop-start-fraud-check', withCycle))).toBe(
        'stop-start-fraud-check',
      );
      // flush-session-cache does not fit a fraud-check crash: naming it changes nothing.
      expect(planned(runbookAskedFor('use flush-session-cache', withCycle))).toBe('restart-fraud-check');
    });

    it('says why the named runbook cannot be used with the values given, instead of quietly planning another', () => {
      expect(planned(runbookAskedFor('stop-start-fraud-check program=payments', withCycle))).toMatchObject({
        kind: 'refused',
        runbookId: 'stop-start-fraud-check',
      });
    });
  });
});
