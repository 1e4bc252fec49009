import { describe, expect, it } from 'vitest';
import { matchingRunbooks, mayActOn } from '../../../src/runbooks/index.js';
import { cronProblem } from '../../../src/runbooks/task-schedule.js';
import { exampleRunbookFiles, problemsOf, runbooksOf } from './example-estate.js';

const file = (text: string) => [{ name: 'tasks.yaml', text }];

const TASK = (schedule: string, extra = '') => `id: clear-cache
title: Clear the session cache
${schedule}
${extra}steps:
  - id: clear
    title: Clear it
    executor: local-scripts
    action: { kind: local, command: [/usr/bin/true] }
    risk: low
`;

describe('routine tasks: runbooks with a schedule', () => {
  it('accepts the shipped example: approve mode, its zone and service, and no incident matches it', () => {
    const backup = runbooksOf(exampleRunbookFiles()).find(
      (runbook) => runbook.id === 'nightly-ledger-backup',
    );
    expect(backup?.schedule).toEqual({
      cron: '30 2 * * *',
      mode: 'approve',
      service: 'ledger-db',
      timezone: 'Europe/Paris',
      params: {},
    });
    expect(backup && matchingRunbooks([backup], { service: 'ledger-db' })).toEqual([]);
    expect(backup && mayActOn(backup, 'ledger-db')).toBe(true);
    expect(backup && mayActOn(backup, 'payments')).toBe(false);
  });

  it('takes a cron string as the short form, with seconds too, and defaults to approve', () => {
    const [task] = runbooksOf(
      file(TASK('schedule: "*/2 * * * * *"', 'matches: { services: [session-cache] }\n')),
    );
    expect(task?.schedule).toEqual({
      cron: '*/2 * * * * *',
      mode: 'approve',
      service: 'session-cache',
      params: {},
    });
  });

  it('names the runbook and the field of every bad schedule', () => {
    const bad = TASK(
      'schedule: { cron: "61 * * * *", mode: sometimes, timezone: Mars/Base }',
      'matches: { services: [session-cache] }\n',
    );
    expect(problemsOf(file(bad))).toEqual([
      'tasks.yaml:3 schedule.mode: Invalid option: expected one of "auto"|"approve"',
    ]);
    const badCron = bad.replace('mode: sometimes', 'mode: auto');
    expect(problemsOf(file(badCron))).toEqual([
      'tasks.yaml:3 schedule.timezone: runbook "clear-cache": schedule.timezone "Mars/Base" is not an IANA time zone (e.g. UTC, Europe/Paris)',
      'tasks.yaml:3 schedule.cron: runbook "clear-cache": schedule.cron "61 * * * *" is not a cron pattern: Constraint error, got value 61 expected range 0-59',
    ]);
    expect(problemsOf(file(TASK('schedule: "* * * *"')))).toEqual([
      'tasks.yaml:3 schedule.cron: runbook "clear-cache": schedule.cron "* * * *" has 4 field(s): a cron has 5 (minute hour day-of-month month day-of-week), or 6 with seconds first',
      'tasks.yaml:3 schedule.service: runbook "clear-cache": schedule.service is missing: name the catalog service the task runs on (matches.services names 0)',
    ]);
    expect(
      problemsOf(
        file(
          TASK(
            'schedule: { cron: "0 3 * * *", service: search }',
            'matches: { services: [session-cache] }\n',
          ),
        ),
      ),
    ).toEqual([
      'tasks.yaml:3 schedule.service: runbook "clear-cache": schedule.service "search" is not one of the services the runbook may act on (session-cache)',
    ]);
  });

  it('refuses a per-step approval, params a run cannot fill, and a runbook with neither matches nor schedule', () => {
    const perStep = TASK('schedule: { cron: "@daily", service: search }').replace(
      'risk: low',
      'risk: low\n    approval: per-step',
    );
    expect(problemsOf(file(perStep))).toEqual([
      'tasks.yaml:10 steps[0].approval: runbook "clear-cache" has a schedule: a task takes one approval per run, not per step',
    ]);
    const unfilled = TASK(
      'schedule: { cron: "@daily", service: search }',
      'params:\n  node: { type: integer, from: instance }\n',
    );
    expect(problemsOf(file(unfilled))[0]).toMatch(
      /^tasks.yaml:3 schedule: runbook "clear-cache": its scheduled runs could not start: param node: the catalog knows no instance/,
    );
    expect(problemsOf(file(TASK('')))).toEqual([
      'tasks.yaml:1 matches: name at least one service, fault or alert (only a runbook with a schedule or a rollout may leave matches out)',
    ]);
  });

  it('checks crons with the parser BullMQ schedules with', () => {
    expect(cronProblem('0 3 * * 1-5')).toBeUndefined();
    expect(cronProblem('@hourly')).toBeUndefined();
    expect(cronProblem('0 0 31 2 *')).toMatch(/not a cron pattern/);
    expect(cronProblem('* * * * * * *')).toMatch(/7 field/);
  });
});
