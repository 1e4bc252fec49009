import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExecutor } from '../../../src/executors/create-executor.js';
import { executorConfigSchema } from '../../../src/executors/executor-config.js';
import type { Executor } from '../../../src/executors/port.js';
import type { PlannedStep, RunnerDeps, StepEvent } from '../../../src/runner/planned-step.js';
import { runSteps } from '../../../src/runner/run-steps.js';
import { createKeys } from '../../../src/store/keys.js';
import { createStepRecords, type StepRecords } from '../../../src/store/step-records.js';
import { type AutomationServer, json, startAutomationServer } from '../../support/automation-server.js';
import { renderStep } from '../../support/runbook-step.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../support/test-runtime.js';

const node = process.execPath;
const local = { allowLocalCommands: true };
/** Appends one line to a file: how many times a step really ran. */
const APPEND = "require('fs').appendFileSync(process.argv[1], 'ran\\n')";
const REMOVE = "require('fs').rmSync(process.argv[1], { force: true })";
const EXISTS = "process.exit(require('fs').existsSync(process.argv[1]) ? 0 : 1)";

function localStep(id: string, file: string, extra: Partial<PlannedStep> = {}): PlannedStep {
  const action = renderStep(
    {
      kind: 'local',
      command: [node, '-e', APPEND, '{{file}}'],
      check: [node, '-e', EXISTS, '{{file}}'],
      rollback: [node, '-e', REMOVE, '{{file}}'],
    },
    { file: { type: 'string', pattern: '^/[A-Za-z0-9/._-]+$' } },
    { file },
  );
  return {
    id,
    title: id,
    executor: 'lab-host',
    action,
    risk: 'low',
    approval: 'plan',
    timeoutSeconds: 10,
    rollback: 'previous',
    ...extra,
  };
}

function httpStep(id: string, path: string): PlannedStep {
  const action = renderStep(
    { kind: 'http', method: 'POST', path, rollback: { method: 'POST', path: `${path}/undo` } },
    {},
    {},
  );
  return {
    id,
    title: id,
    executor: 'rundeck',
    action,
    risk: 'low',
    approval: 'plan',
    timeoutSeconds: 10,
    rollback: 'previous',
  };
}

const runs = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;

describe('runner: real executors, real Redis records', () => {
  let redis: Redis;
  let prefix: string;
  let records: StepRecords;
  let server: AutomationServer;
  let dir: string;
  let executors: Map<string, Executor>;
  let events: StepEvent[];
  let deps: RunnerDeps;

  beforeEach(async () => {
    prefix = uniquePrefix('runner');
    redis = new Redis(testRedisUrl());
    records = createStepRecords(redis, createKeys(prefix));
    server = await startAutomationServer();
    dir = await mkdtemp(join(tmpdir(), 'warroom-runner-'));
    executors = new Map([
      [
        'lab-host',
        createExecutor(executorConfigSchema.parse({ name: 'lab-host', kind: 'local' }), {}, local),
      ],
      [
        'rundeck',
        createExecutor(
          executorConfigSchema.parse({ name: 'rundeck', kind: 'http', baseUrl: server.url }),
          {},
        ),
      ],
    ]);
    events = [];
    let now = 1_000;
    deps = {
      incidentId: 'INC-0042',
      round: 1,
      approvedBy: ['U0LEAD'],
      executors: { byName: (name) => executors.get(name) },
      records,
      clock: { now: () => now++ },
      onStep: (event) => {
        events.push(event);
      },
    };
  });
  afterEach(async () => {
    redis.disconnect();
    await server.close();
    await rm(dir, { recursive: true, force: true });
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  it('runs every step once, in order, and records each start and outcome', async () => {
    server.on('/deploy', (_request, response) => json(response, 200, { status: 'running' }));
    const file = join(dir, 'a');
    const outcome = await runSteps([localStep('touch-a', file), httpStep('deploy', '/deploy')], deps);
    expect(outcome).toEqual({ status: 'completed', done: ['touch-a', 'deploy'] });
    expect(runs(file)).toBe(1);
    expect(server.received.map((request) => request.url)).toEqual(['/deploy']);
    const record = await records.read({ incidentId: 'INC-0042', round: 1, stepId: 'deploy' });
    expect(record?.start).toMatchObject({ executor: 'rundeck', approvedBy: ['U0LEAD'] });
    expect(record?.outcome).toMatchObject({ outcome: 'ok', source: 'executor' });
    expect(await records.unresolvedStarts('INC-0042')).toEqual([]);

    // A redelivered job finds every outcome recorded and runs nothing again.
    expect(await runSteps([localStep('touch-a', file), httpStep('deploy', '/deploy')], deps)).toEqual(
      outcome,
    );
    expect(runs(file)).toBe(1);
    expect(server.received).toHaveLength(1);
  });

  it('stops at a failing step and rolls back the steps done so far, newest first', async () => {
    server.on('/deploy', (_request, response) => json(response, 200, {}));
    server.on('/deploy/undo', (_request, response) => json(response, 200, {}));
    const file = join(dir, 'a');
    const failing: PlannedStep = {
      ...localStep('migrate', join(dir, 'never')),
      action: { kind: 'local', argv: [node, '-e', 'process.exit(3)'] },
    };
    const later = localStep('after', join(dir, 'after'));
    const outcome = await runSteps(
      [localStep('touch-a', file), httpStep('deploy', '/deploy'), failing, later],
      deps,
    );

    expect(outcome).toMatchObject({
      status: 'failed',
      stepId: 'migrate',
      done: ['touch-a', 'deploy'],
      rollbacks: [
        { stepId: 'deploy', outcome: 'ok' },
        { stepId: 'touch-a', outcome: 'ok' },
      ],
    });
    expect(server.received.map((request) => request.url)).toEqual(['/deploy', '/deploy/undo']);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(dir, 'after'))).toBe(false);
    const rollbackOrder = events.filter((event) => event.type === 'started' && event.phase === 'rollback');
    expect(rollbackOrder.map((event) => event.stepId)).toEqual(['deploy', 'touch-a']);
  });

  it('a redelivery after a start with no outcome does not run the step again: the check settles it', async () => {
    const file = join(dir, 'a');
    const step = localStep('touch-a', file);
    // The worker died after the step ran and before it recorded the outcome.
    await records.recordStart(
      { incidentId: 'INC-0042', round: 1, stepId: 'touch-a' },
      {
        executor: 'lab-host',
        renderedMasked: 'touch a',
        approvedBy: ['U0LEAD'],
        startedAt: 1,
      },
    );
    await executors.get('lab-host')?.apply(step.action);
    expect(runs(file)).toBe(1);

    const outcome = await runSteps([step, localStep('touch-b', join(dir, 'b'))], deps);
    expect(outcome).toEqual({ status: 'completed', done: ['touch-a', 'touch-b'] });
    expect(runs(file)).toBe(1);
    expect(events).toContainEqual({
      type: 'settled-by-check',
      stepId: 'touch-a',
      phase: 'apply',
      decision: 'done',
    });
    const record = await records.read({ incidentId: 'INC-0042', round: 1, stepId: 'touch-a' });
    expect(record?.outcome).toMatchObject({ outcome: 'ok', source: 'check' });
  });

  it('a start with no outcome whose check cannot tell is handed to people, never run', async () => {
    server.on('/deploy', (_request, response) => json(response, 200, {}));
    const step = httpStep('deploy', '/deploy'); // no check endpoint: the http executor cannot tell
    await records.recordStart(
      { incidentId: 'INC-0042', round: 1, stepId: 'deploy' },
      {
        executor: 'rundeck',
        renderedMasked: 'POST /deploy',
        approvedBy: ['U0LEAD'],
        startedAt: 1,
      },
    );
    const outcome = await runSteps([step], deps);
    expect(outcome).toMatchObject({ status: 'outcome-unknown', stepId: 'deploy', done: [], rollbacks: [] });
    expect(server.received).toEqual([]);
    expect(
      (await records.read({ incidentId: 'INC-0042', round: 1, stepId: 'deploy' }))?.outcome,
    ).toMatchObject({
      outcome: 'unknown',
      source: 'check',
    });
  });

  it('leaves the plan alone when another worker records the step start between its read and its write', async () => {
    const file = join(dir, 'a');
    const ref = { incidentId: 'INC-0042', round: 1, stepId: 'touch-a' };
    await records.recordStart(ref, {
      executor: 'lab-host',
      renderedMasked: 'touch a',
      approvedBy: [],
      startedAt: 1,
    });
    // This worker read the records just before the other one wrote its start.
    const staleRead: StepRecords = { ...records, read: async () => undefined };
    const outcome = await runSteps([localStep('touch-a', file)], { ...deps, records: staleRead });
    expect(outcome).toEqual({ status: 'running-elsewhere', stepId: 'touch-a', done: [] });
    expect(runs(file)).toBe(0);
    expect(await records.unresolvedStarts('INC-0042')).toHaveLength(1);
  });

  it('pauses before a per-step step until it is approved, then carries on from there', async () => {
    const first = localStep('touch-a', join(dir, 'a'));
    const gated = localStep('touch-b', join(dir, 'b'), { approval: 'per-step', risk: 'high' });
    expect(await runSteps([first, gated], deps)).toEqual({
      status: 'needs-approval',
      stepId: 'touch-b',
      done: ['touch-a'],
    });
    expect(runs(join(dir, 'b'))).toBe(0);
    const approved = { ...deps, approvedSteps: new Set(['touch-b']) };
    expect(await runSteps([first, gated], approved)).toEqual({
      status: 'completed',
      done: ['touch-a', 'touch-b'],
    });
    expect([runs(join(dir, 'a')), runs(join(dir, 'b'))]).toEqual([1, 1]);
  });

  it('a refused per-step step never runs: the steps done before it are rolled back, newest first, once', async () => {
    const first = localStep('touch-a', join(dir, 'a'));
    const second = localStep('touch-c', join(dir, 'c'));
    const gated = localStep('touch-b', join(dir, 'b'), { approval: 'per-step', risk: 'high' });
    expect(await runSteps([first, second, gated], deps)).toMatchObject({ status: 'needs-approval' });
    const refused = { ...deps, refusedSteps: new Map([['touch-b', 'rejected by <@U1>']]) };
    const outcome = await runSteps([first, second, gated], refused);
    expect(outcome).toMatchObject({ status: 'rejected', stepId: 'touch-b', reason: 'rejected by <@U1>' });
    expect(outcome.done).toEqual(['touch-a', 'touch-c']);
    const rollbacks = 'rollbacks' in outcome ? outcome.rollbacks : [];
    expect(rollbacks.map((rollback) => `${rollback.stepId} ${rollback.outcome}`)).toEqual([
      'touch-c ok',
      'touch-a ok',
    ]);
    expect([existsSync(join(dir, 'a')), existsSync(join(dir, 'b')), existsSync(join(dir, 'c'))]).toEqual([
      false,
      false,
      false,
    ]);
    // A redelivered job finds the rollbacks recorded: nothing is undone twice.
    const rolledBackBefore = events.filter((event) => event.phase === 'rollback').length;
    expect(await runSteps([first, second, gated], refused)).toMatchObject({ status: 'rejected' });
    expect(events.filter((event) => event.phase === 'rollback')).toHaveLength(rolledBackBefore);
  });

  it('a timed-out step is an unknown outcome: rollbacks run, the step is not retried', async () => {
    const file = join(dir, 'a');
    const slow: PlannedStep = {
      ...localStep('slow', join(dir, 'slow')),
      timeoutSeconds: 0.3,
      action: { kind: 'local', argv: [node, '-e', 'setTimeout(() => {}, 10000)'] },
    };
    const outcome = await runSteps([localStep('touch-a', file), slow], deps);
    expect(outcome).toMatchObject({
      status: 'outcome-unknown',
      stepId: 'slow',
      rollbacks: [{ stepId: 'touch-a', outcome: 'ok' }],
    });
    expect(existsSync(file)).toBe(false);
  });
});
