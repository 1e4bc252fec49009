import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/dev/slack-emulator/index.js';
import { dayOf } from '../../src/domain/task-run.js';
import { QUEUE_NAMES } from '../../src/pipeline/job-catalog.js';
import { TASK_APPROVE, TASK_REJECT } from '../../src/slack/action-ids.js';
import { checkMessageLimits } from '../../src/slack/blocks/limits.js';
import { TASK_DIGEST_KEY } from '../../src/slack/outbox/message-keys.js';
import { click, hasButton, keyOf } from '../support/approval-flow.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0TASKS';
const LEAD = 'U0CACHELEAD';
const STRANGER = 'U0STRANGER';

const CATALOG = `services:
  - name: session-cache
    owner: { team: platform, slack: ${LEAD} }
    tier: 2
    approvers: [${LEAD}]
executors:
  - name: host
    kind: local
`;

/** A step that appends a line to `file` (how many times it really ran), or exits with `code`. */
function step(dir: string, file: string, code = 0): string {
  const script = join(dir, 'step.mjs');
  writeFileSync(
    script,
    "import { appendFileSync } from 'node:fs';\nappendFileSync(process.argv[2], 'ran\\n');\nif (process.argv[3] !== '0') { console.error('certificate expires in 2 days'); process.exit(Number(process.argv[3])); }\n",
  );
  return `    steps:
      - id: work
        title: Do the work
        executor: host
        action: { kind: local, command: [${process.execPath}, ${script}, ${join(dir, file)}, "${code}"] }
        risk: low
        timeoutSeconds: 20
`;
}

/** A task on session-cache; `schedule` holds the schedule's other fields. */
function task(dir: string, id: string, schedule: string, file: string, code = 0): string {
  return `  - id: ${id}
    title: Task ${id}
    schedule: { ${schedule}, service: session-cache }
${step(dir, file, code)}`;
}

async function startWith(runbooks: (dir: string) => string): Promise<{ e2e: E2E; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-tasks-'));
  writeFileSync(join(dir, 'catalog.yaml'), CATALOG);
  writeFileSync(join(dir, 'runbooks.yaml'), `runbooks:\n${runbooks(dir)}`);
  const e2e = await startE2E({
    env: {
      WARROOM_CATALOG: join(dir, 'catalog.yaml'),
      WARROOM_RUNBOOKS: join(dir, 'runbooks.yaml'),
      LOCAL_COMMANDS: 'true',
      SLACK_INCIDENT_CHANNEL: CHANNEL,
      APPROVERS: LEAD,
    },
  });
  return { e2e, dir };
}

function linesIn(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** The ephemeral answer Bolt's ack carried back to the slash command. */
async function slash(e2e: E2E, text: string, user = LEAD): Promise<string> {
  const response = await e2e.driver.slashCommand({
    command: '/task',
    text,
    userId: user,
    channelId: CHANNEL,
  });
  expect(response.status).toBe(200);
  return String((response.json as { text?: string } | undefined)?.text ?? '');
}

async function killSwitch(e2e: E2E, on: boolean) {
  const response = await e2e.driver.slashCommand({
    command: '/incident',
    text: `kill-switch ${on ? 'on' : 'off'}`,
    userId: LEAD,
    channelId: CHANNEL,
  });
  expect(response.status).toBe(200);
  await waitFor(async () =>
    (await e2e.warroom.runtime.ctx.killSwitch.state()).on === on ? true : undefined,
  );
}

/** The routine tasks' job schedulers (the monitor and retention sweep have their own). */
async function schedulers(e2e: E2E): Promise<string[]> {
  const queue = e2e.warroom.runtime.ctx.queues.queue(QUEUE_NAMES.incident);
  return (await queue.getJobSchedulers(0, -1))
    .map((scheduler) => scheduler.key)
    .filter((key) => key.startsWith('task-'))
    .sort();
}

function taskMessages(e2e: E2E, prefix: string): StoredMessage[] {
  return e2e.emulator
    .messages(CHANNEL)
    .filter((message) => String(keyOf(message) ?? '').startsWith(prefix))
    .map((message) => e2e.emulator.message(CHANNEL, message.ts) ?? message);
}

describe('routine tasks: runbooks with a schedule, through real BullMQ, the runner and Slack', () => {
  let running: { e2e: E2E; dir: string } | undefined;
  afterEach(async () => {
    await running?.e2e.close();
    if (running) rmSync(running.dir, { recursive: true, force: true });
    running = undefined;
  });

  it('runs an auto task on its schedule; the kill switch stops it and brings back what nobody paused', async () => {
    running = await startWith(
      (dir) =>
        task(dir, 'touch', 'cron: "* * * * * *", mode: auto', 'touch.log') +
        task(dir, 'rotate', 'cron: "* * * * * *", mode: auto', 'rotate.log'),
    );
    const { e2e, dir } = running;
    const touchLog = join(dir, 'touch.log');
    await waitFor(() => (linesIn(touchLog) >= 2 ? true : undefined), { what: 'two scheduled runs of touch' });

    // Auto runs speak only through the day's digest: one root message, updated in place.
    const digest = await waitFor(() => {
      const [found] = taskMessages(e2e, TASK_DIGEST_KEY);
      return found && JSON.stringify(found.blocks).includes('`touch`') ? found : undefined;
    });
    expect(digest.text).toMatch(new RegExp(`^Routine tasks · ${dayOf(new Date())}: \\d+ runs?, 0 failed`));
    expect(checkMessageLimits({ text: digest.text, blocks: digest.blocks as never }, 'message')).toEqual([]);
    expect(JSON.stringify(digest.blocks)).toContain('`touch` Task touch on `session-cache` (auto)');

    const listed = await slash(e2e, 'list', STRANGER);
    expect(listed).toMatch(
      /• `rotate` Task rotate on `session-cache` · `\* \* \* \* \* \*` · auto · active, next /,
    );
    expect(listed).toMatch(/• `touch` .* · last ✅ ok /);
    // Retiring is for a task whose runbook is gone, by an approver.
    expect(await slash(e2e, 'retire gone', STRANGER)).toBe(
      `Only approvers can retire task gone: <@${LEAD}>. Nothing was changed; ask one of them.`,
    );
    expect(await slash(e2e, 'retire touch')).toMatch(/^Task `touch` is still defined by the runbooks here: /);
    expect(await slash(e2e, 'retire gone')).toBe('No schedule for task `gone`: nothing to retire.');

    expect(await slash(e2e, 'pause rotate', STRANGER)).toBe(
      `Only approvers can pause task rotate: <@${LEAD}>. Nothing was changed; ask one of them.`,
    );
    expect(await slash(e2e, 'pause rotate')).toBe(
      'Task `rotate` paused: its schedule is off until `/task resume rotate`.',
    );
    expect(await slash(e2e, 'pause rotate')).toBe('Task `rotate` is already paused. Nothing was changed.');
    expect(await schedulers(e2e)).toEqual(['task-touch']);

    // App Home lists both, compactly: schedule, mode, last run, and next run or who paused it.
    await e2e.driver.event({
      event: { type: 'app_home_opened', user: LEAD, channel: `D${LEAD}`, tab: 'home' },
    });
    const home = await waitFor(
      () => {
        const view = e2e.emulator.homeView(LEAD)?.view;
        return view && JSON.stringify(view).includes('paused by') ? view : undefined;
      },
      { what: 'App Home with the routine tasks' },
    );
    const tasksText = JSON.stringify(home.blocks);
    expect(tasksText).toContain('Routine tasks (2)');
    expect(tasksText).toContain(`• \`rotate\` · \`* * * * * *\` · auto · `);
    expect(tasksText).toContain(`⏸️ paused by <@${LEAD}>`);
    expect(tasksText).toMatch(
      /• `touch` · `\* \* \* \* \* \*` · auto · last ✅ ok <!date\^\d+\^[^>]+> · next <!date\^/,
    );
    expect(checkMessageLimits({ type: 'home', blocks: home.blocks as never }, 'home')).toEqual([]);

    const queue = e2e.warroom.runtime.ctx.queues.queue(QUEUE_NAMES.incident);
    const due = (await queue.getJobScheduler('task-touch'))?.next ?? Date.now();
    await killSwitch(e2e, true);
    // The switch is stored first, then the schedules follow it.
    await waitFor(async () => ((await schedulers(e2e)).length === 0 ? true : undefined), {
      what: 'the schedulers to go',
    });
    const onAt = Date.now();
    const delayed = await queue.getDelayed();
    expect(delayed.filter((job) => job.name === 'task-run')).toEqual([]);
    expect(await slash(e2e, 'run touch')).toBe(
      'The kill switch is on: no task runs until it is off. Nothing was queued.',
    );
    const whileOff = await slash(e2e, 'list');
    expect(whileOff).toContain('`touch` Task touch');
    expect(whileOff).toMatch(/`touch` .* · stopped by the kill switch/);
    expect(whileOff).toMatch(new RegExp(`\`rotate\` .* · paused by <@${LEAD}>`));

    // The clock passes the time touch was due next (and a second more): it must not have run.
    await waitFor(() => (Date.now() > Math.max(due, onAt) + 1500 ? true : undefined), {
      what: 'touch to be due',
    });
    const startedWhileOn = (await e2e.warroom.runtime.ctx.tasks.runsOf(dayOf(new Date()))).filter(
      (run) => Date.parse(run.startedAt) > onAt + 500,
    );
    expect(startedWhileOn).toEqual([]);

    await killSwitch(e2e, false);
    // Only the task nobody paused by hand comes back.
    await waitFor(async () => ((await schedulers(e2e)).length > 0 ? true : undefined));
    expect(await schedulers(e2e)).toEqual(['task-touch']);
    const before = linesIn(touchLog);
    await waitFor(() => (linesIn(touchLog) > before ? true : undefined), { what: 'touch to run again' });

    expect(await slash(e2e, 'resume rotate')).toBe('Task `rotate` resumed: it runs on `* * * * * *` again.');
    expect(await schedulers(e2e)).toEqual(['task-rotate', 'task-touch']);
    await waitFor(() => (linesIn(join(dir, 'rotate.log')) > 0 ? true : undefined), { what: 'rotate to run' });
    expect(taskMessages(e2e, TASK_DIGEST_KEY)).toHaveLength(1);
    expect(taskMessages(e2e, 'task-approval:')).toEqual([]);
  }, 30_000);

  it('posts an approval for an approve task each time; it runs on Approve by an approver, never on Reject', async () => {
    running = await startWith(
      (dir) => `${task(dir, 'flush', 'cron: "*/2 * * * * *", mode: approve', 'flush.log')}`,
    );
    const { e2e, dir } = running;
    const flushLog = join(dir, 'flush.log');
    await waitFor(
      () => taskMessages(e2e, 'task-approval:').find((message) => hasButton(message, TASK_APPROVE)),
      {
        what: 'an approval from the schedule',
      },
    );
    expect(await slash(e2e, 'pause flush')).toBe(
      'Task `flush` paused: its schedule is off until `/task resume flush`.',
    );
    // No tick is left on its way: then exactly one run waits, and its message shows the buttons.
    const queue = e2e.warroom.runtime.ctx.queues.queue(QUEUE_NAMES.incident);
    const asking = await waitFor(
      async () => {
        const ticks = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized']);
        if (ticks.some((job) => job.name === 'task-run')) return undefined;
        const runs = await e2e.warroom.runtime.ctx.tasks.runsOf(dayOf(new Date()));
        const waiting = runs.filter((run) => run.status === 'awaiting-approval');
        if (waiting.length !== 1 || !waiting[0]) return undefined;
        const key = `task-approval:flush.${waiting[0].runId}`;
        return taskMessages(e2e, key).find((message) => hasButton(message, TASK_APPROVE));
      },
      { what: 'exactly one approval still open (older ones expire)' },
    );
    expect(asking.text).toBe('Routine task flush on session-cache: waiting for approval');
    expect(JSON.stringify(asking.blocks)).toContain(`Who may decide: <@${LEAD}>`);
    expect(checkMessageLimits({ text: asking.text, blocks: asking.blocks as never }, 'message')).toEqual([]);

    await click(e2e, STRANGER, CHANNEL, asking, TASK_APPROVE);
    const refused = await waitFor(() =>
      e2e.emulator.responseUrlPosts().find((post) => post.user === STRANGER),
    );
    expect(refused.body.text).toBe(
      `Only approvers can decide on task runs on session-cache: <@${LEAD}>. Nothing was changed; ask one of them.`,
    );
    expect(linesIn(flushLog)).toBe(0);

    await click(e2e, LEAD, CHANNEL, asking, TASK_APPROVE);
    await waitFor(() => (linesIn(flushLog) === 1 ? true : undefined), { what: 'the approved run' });
    const approved = await waitFor(() => {
      const current = e2e.emulator.message(CHANNEL, asking.ts);
      return current?.text.endsWith(': ok') ? current : undefined;
    });
    expect(JSON.stringify(approved.blocks)).toContain(
      `✅ Approved by <@${LEAD}>: ran, every step succeeded.`,
    );
    expect(hasButton(approved, TASK_APPROVE)).toBe(false);

    // Asked by hand: the approval names who asked; Reject runs nothing and says so privately.
    const queued = await slash(e2e, 'run flush');
    expect(queued).toMatch(
      /^Task `flush` queued \(ref d[\w-]+\)\. Its approval is posted in <#C0TASKS>\. The result follows/,
    );
    const byHand = await waitFor(() =>
      taskMessages(e2e, 'task-approval:').find(
        (message) => hasButton(message, TASK_REJECT) && JSON.stringify(message.blocks).includes('asked by'),
      ),
    );
    await click(e2e, LEAD, CHANNEL, byHand, TASK_REJECT);
    await waitFor(() =>
      e2e.emulator.message(CHANNEL, byHand.ts)?.text.endsWith(': rejected') ? true : undefined,
    );
    const answer = await waitFor(() =>
      e2e.emulator
        .ephemerals(CHANNEL)
        .find((entry) => entry.user === LEAD && entry.text.includes('was rejected')),
    );
    expect(answer.text).toMatch(
      new RegExp(`^Task \`flush\` \\(run md[\\w-]+\\) was rejected: rejected by <@${LEAD}>\\.$`),
    );
    expect(linesIn(flushLog)).toBe(1);
    // Any approval an earlier tick posted was replaced by a newer run's, and says so.
    await waitFor(() => {
      const others = taskMessages(e2e, 'task-approval:').filter(
        (message) => message.ts !== asking.ts && message.ts !== byHand.ts,
      );
      return others.every((message) => message.text.endsWith(': expired')) ? true : undefined;
    });
  }, 30_000);

  it('opens an incident on the service when a task fails, joins it while open, and refuses what the guard blocks', async () => {
    running = await startWith(
      (dir) =>
        task(dir, 'check-cert', 'cron: "0 0 1 1 *", mode: auto', 'cert.log', 3) +
        `  - id: wipe
    title: Wipe the disk
    schedule: { cron: "0 0 1 1 *", mode: auto, service: session-cache }
    steps:
      - id: wipe
        title: Wipe
        executor: host
        action: { kind: local, command: [/bin/echo, rm, -rf, /] }
        risk: low
`,
    );
    const { e2e, dir } = running;
    const { ctx } = e2e.warroom.runtime;
    expect(await slash(e2e, 'run nothing-here')).toBe('No routine task `nothing-here`. Try `/task list`.');
    expect(await slash(e2e, 'run')).toMatch(/^`run` takes one task id\.\n\*\/task\*/);

    expect(await slash(e2e, 'run check-cert')).toMatch(
      /^Task `check-cert` queued \(ref d[\w-]+\)\. The result follows/,
    );
    const failure = await waitFor(() =>
      e2e.emulator
        .ephemerals(CHANNEL)
        .find((entry) => entry.user === LEAD && entry.text.includes('check-cert')),
    );
    expect(failure.text).toMatch(
      /^Task `check-cert` \(run md[\w-]+\) failed: step work: .*\. Incident INC-0001 is open for it\.$/,
    );
    const ticket = await ctx.tickets.require('INC-0001');
    expect(ticket).toMatchObject({ system: 'session-cache', source: 'task', sev: 'sev3', channel: CHANNEL });
    expect(ticket.issue).toMatch(/^Routine task check-cert \(Task check-cert\) failed: step work: /);
    await waitFor(() =>
      e2e.emulator.messages(CHANNEL).find((message) => message.text.startsWith('INC-0001 · ')),
    );
    expect(linesIn(join(dir, 'cert.log'))).toBe(1);

    await slash(e2e, 'run check-cert');
    await waitFor(() => (linesIn(join(dir, 'cert.log')) === 2 ? true : undefined));
    const second = await waitFor(() => {
      const answers = e2e.emulator.ephemerals(CHANNEL).filter((entry) => entry.text.includes('`check-cert`'));
      return answers.length === 2 ? answers[1] : undefined;
    });
    expect(second?.text).toContain('Incident INC-0001 is open for it.');
    expect(await ctx.tickets.get('INC-0002')).toBeUndefined();

    await slash(e2e, 'run wipe');
    const wiped = await waitFor(() =>
      e2e.emulator.ephemerals(CHANNEL).find((entry) => entry.text.includes('`wipe`')),
    );
    expect(wiped.text).toMatch(
      /^Task `wipe` \(run md[\w-]+\) failed: step wipe: the safety guard blocks this command: /,
    );
    const digest = await waitFor(() => {
      const [found] = taskMessages(e2e, TASK_DIGEST_KEY);
      return found && JSON.stringify(found.blocks).includes('`wipe`') ? found : undefined;
    });
    expect(JSON.stringify(digest.blocks)).toMatch(
      /❌ `check-cert` Task check-cert on `session-cache` \(auto\): 2 runs · 2 failed \(INC-0001\)/,
    );
  }, 30_000);
});
