import { describe, expect, it } from 'vitest';
import type { TaskRun } from '../../../src/domain/task-run.js';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import { taskApprovalMessage, taskDigestMessage } from '../../../src/slack/blocks/tasks.js';
import { parseTaskCommand, taskListText } from '../../../src/slack/commands/task-command.js';
import { taskDigestView, taskRunAnswer } from '../../../src/slack/outbox/task-views.js';
import { taskApproval, taskDigest } from './task-views.js';

const run = (over: Partial<TaskRun>): TaskRun => ({
  taskId: 'touch',
  runId: 's1765000000000',
  day: '2026-12-06',
  title: 'Touch',
  service: 'cache',
  mode: 'auto',
  trigger: 'schedule',
  status: 'ok',
  startedAt: '2026-12-06T07:00:00.000Z',
  steps: [],
  ...over,
});

describe('routine task messages and /task', () => {
  it('renders the approval, waiting and decided, within Slack limits', () => {
    const waiting = taskApprovalMessage(taskApproval);
    const failed = taskApprovalMessage({
      ...taskApproval,
      status: 'failed',
      decidedBy: 'U0DBA',
      reason: 'x'.repeat(5000),
      incidentId: 'INC-0042',
    });
    expect(waiting).toMatchSnapshot();
    expect(failed.text).toBe('Routine task nightly-ledger-backup on ledger-db: failed');
    const many = { ...taskApproval, steps: Array.from({ length: 80 }, () => taskApproval.steps).flat() };
    for (const message of [waiting, failed, taskApprovalMessage(many)])
      expect(checkMessageLimits(message, 'message')).toEqual([]);
  });

  it('renders one digest line per task, within Slack limits however many tasks', () => {
    expect(taskDigestMessage(taskDigest)).toMatchSnapshot();
    const lots = { ...taskDigest, tasks: Array.from({ length: 300 }, () => taskDigest.tasks).flat() };
    expect(checkMessageLimits(taskDigestMessage(lots), 'message')).toEqual([]);
  });

  it('counts a day of runs per task, newest result last, incidents once', () => {
    const view = taskDigestView('2026-12-06', [
      run({
        runId: 's2',
        startedAt: '2026-12-06T07:00:02.000Z',
        status: 'failed',
        incidentId: 'INC-0001',
        reason: 'exit 3',
      }),
      run({ runId: 's1', startedAt: '2026-12-06T07:00:01.000Z' }),
      run({
        runId: 's3',
        startedAt: '2026-12-06T07:00:03.000Z',
        status: 'failed',
        incidentId: 'INC-0001',
        reason: 'exit 4',
      }),
      run({ taskId: 'backup', runId: 's4', mode: 'approve', status: 'awaiting-approval' }),
    ]);
    expect(view.tasks.map((line) => line.taskId)).toEqual(['backup', 'touch']);
    expect(view.tasks[1]).toMatchObject({
      counts: { ok: 1, failed: 2 },
      last: { status: 'failed', at: '2026-12-06T07:00:03.000Z', reason: 'exit 4' },
      incidents: ['INC-0001'],
    });
    expect(
      taskRunAnswer(run({ status: 'failed', reason: 'step work: exit 3', incidentId: 'INC-0001' })),
    ).toBe('Task `touch` (run s1765000000000) failed: step work: exit 3. Incident INC-0001 is open for it.');
  });

  it('parses /task and lists tasks plainly', () => {
    expect(parseTaskCommand('')).toEqual({ kind: 'usage' });
    expect(parseTaskCommand(' run  backup ')).toEqual({ kind: 'run', id: 'backup' });
    expect(parseTaskCommand('pause')).toEqual({ kind: 'usage', problem: '`pause` takes one task id' });
    expect(parseTaskCommand('retire old-backup')).toEqual({ kind: 'retire', id: 'old-backup' });
    expect(parseTaskCommand('list all')).toEqual({ kind: 'usage', problem: '`list` takes nothing after it' });
    expect(parseTaskCommand('stop x')).toEqual({ kind: 'usage', problem: 'unknown subcommand `stop`' });
    expect(
      taskListText([
        {
          id: 'backup',
          title: 'Back up',
          service: 'ledger-db',
          cron: '30 2 * * *',
          timezone: 'Europe/Paris',
          mode: 'approve',
          state: { kind: 'active', nextAt: '2026-12-07T01:30:00.000Z' },
          last: { status: 'ok', at: '2026-12-06T01:30:12.000Z' },
        },
        {
          id: 'certs',
          title: 'Certs',
          service: 'checkout',
          cron: '@hourly',
          mode: 'auto',
          state: { kind: 'paused', by: 'U1' },
        },
      ]),
    ).toBe(
      [
        '*Routine tasks*',
        '• `backup` Back up on `ledger-db` · `30 2 * * *` Europe/Paris · approve · active, next 2026-12-07 01:30:00 UTC · last ✅ ok 2026-12-06 01:30:12 UTC',
        '• `certs` Certs on `checkout` · `@hourly` · auto · paused by <@U1> · never ran',
      ].join('\n'),
    );
    expect(taskListText([])).toBe('No routine tasks: no runbook has a `schedule` (`WARROOM_RUNBOOKS`).');
  });
});
