import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { retireTask, syncTaskSchedules } from '../../../src/pipeline/tasks/task-schedules.js';
import type { Runtime } from '../../../src/runtime.js';
import { taskEstate } from '../../support/task-estate.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

/** A task of its own on bench-cache, yearly (it never fires during the test). */
function taskYaml(id: string): string {
  return `  - id: ${id}
    title: Task ${id}
    schedule: { cron: "0 0 1 1 *", mode: auto, service: bench-cache }
    steps:
      - { id: work, title: Work, executor: host, action: { kind: local, command: [/bin/true] }, risk: low }
`;
}

async function schedulers(runtime: Runtime): Promise<string[]> {
  const queue = runtime.ctx.queues.queue(QUEUE_NAMES.incident);
  return (await queue.getJobSchedulers(0, -1))
    .map((scheduler) => scheduler.key)
    .filter((key) => key.startsWith('task-'))
    .sort();
}

describe('processes with different runbook sets share the task schedulers', () => {
  const runtimes: TestRuntime[] = [];
  afterEach(async () => {
    // One prefix: each closes its runtime and deletes the (shared) keys, which is idempotent.
    for (const runtime of runtimes.splice(0).reverse()) await runtime.dispose();
  });

  it('a start adds its own and removes nobody else’s; a task whose runbook is gone is retired by hand', async () => {
    const first = createTestRuntime(taskEstate(`runbooks:\n${taskYaml('backup')}${taskYaml('shared')}`));
    runtimes.push(first);
    const second = createTestRuntime({
      ...taskEstate(`runbooks:\n${taskYaml('rotate')}${taskYaml('shared')}`),
      prefix: first.prefix,
    });
    runtimes.push(second);

    await syncTaskSchedules(first.ctx);
    await syncTaskSchedules(second.ctx);
    await syncTaskSchedules(first.ctx);
    expect(await schedulers(first)).toEqual(['task-backup', 'task-rotate', 'task-shared']);

    // Pauses and the kill switch are global: they act on every process's schedulers.
    await second.ctx.tasks.pause('backup', 'U0CACHELEAD', new Date());
    await syncTaskSchedules(second.ctx);
    expect(await schedulers(first)).toEqual(['task-rotate', 'task-shared']);
    await second.ctx.tasks.resume('backup');
    await syncTaskSchedules(first.ctx);
    expect(await schedulers(first)).toEqual(['task-backup', 'task-rotate', 'task-shared']);

    // The kill switch, on from one process and off from the other, brings back both sets.
    await second.ctx.killSwitch.set(true, 'U0CACHELEAD', new Date());
    await syncTaskSchedules(second.ctx);
    expect(await schedulers(first)).toEqual([]);
    await syncTaskSchedules(first.ctx);
    expect(await schedulers(first)).toEqual([]);
    await first.ctx.killSwitch.set(false, 'U0CACHELEAD', new Date());
    await syncTaskSchedules(first.ctx);
    expect(await schedulers(first)).toEqual(['task-backup', 'task-rotate', 'task-shared']);
    const rotate = await first.ctx.queues.queue(QUEUE_NAMES.incident).getJobScheduler('task-rotate');
    expect(rotate).toMatchObject({ pattern: '0 0 1 1 *', template: { data: { taskId: 'rotate' } } });
    expect(await first.ctx.tasks.suspended()).toEqual(new Map());

    // `backup`'s runbook is deleted: its process restarts without it, and nothing removes it by itself.
    const restarted = createTestRuntime({
      ...taskEstate(`runbooks:\n${taskYaml('shared')}`),
      prefix: first.prefix,
    });
    runtimes.push(restarted);
    await syncTaskSchedules(restarted.ctx);
    expect(await schedulers(first)).toEqual(['task-backup', 'task-rotate', 'task-shared']);

    // Retiring is refused where the runbook still defines it, and done where none does.
    expect(await retireTask(first.ctx, 'backup')).toBe(
      'Task `backup` is still defined by the runbooks here: remove it from `WARROOM_RUNBOOKS` (on every process) first, or `/task pause backup`. Nothing was changed.',
    );
    expect(await retireTask(restarted.ctx, 'Bad id;')).toBe(
      '`Bad id;` is no task id (lowercase letters, digits and dashes). Nothing was changed.',
    );
    expect(await schedulers(first)).toEqual(['task-backup', 'task-rotate', 'task-shared']);
    expect(await retireTask(restarted.ctx, 'backup')).toBe(
      'Task `backup` retired: its schedule is removed. A process whose runbooks still define it schedules it again when it starts.',
    );
    expect(await schedulers(first)).toEqual(['task-rotate', 'task-shared']);
    expect(await retireTask(restarted.ctx, 'backup')).toBe(
      'No schedule for task `backup`: nothing to retire.',
    );
  });
});
