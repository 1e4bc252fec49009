import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../src/dev/local/free-port.js';
import { actionTemplateSchema, type SupervisorAction } from '../../../src/executors/actions.js';
import { supervisorExecutorConfigSchema } from '../../../src/executors/executor-config.js';
import { paramSpecsSchema } from '../../../src/executors/params.js';
import type { Executor, ExecutorResult } from '../../../src/executors/port.js';
import { renderAction } from '../../../src/executors/render.js';
import { createSupervisorExecutor } from '../../../src/executors/supervisor/supervisor-executor.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { ensureSupervisord, type RunningSupervisord, startSupervisord } from '../../support/supervisord.js';
import { waitFor } from '../../support/test-runtime.js';

const supervisord = ensureSupervisord();
const skipSupervisord = skipForMissingTool('skip' in supervisord ? supervisord.skip : undefined);

const web = (operation: SupervisorAction['operation']): SupervisorAction => ({
  kind: 'supervisor',
  operation,
  program: 'web',
});

describe.skipIf(skipSupervisord)('supervisor executor against a real supervisord', () => {
  let server: RunningSupervisord;
  let executor: Executor;

  function executorFor(url: string, password: string, programs?: string[], timeoutMs = 15_000): Executor {
    const config = supervisorExecutorConfigSchema.parse({
      name: 'lab-supervisor',
      kind: 'supervisor',
      url,
      username: server.username,
      credentials: { password: { env: 'LAB_SUPERVISOR_PASSWORD' } },
      timeoutMs,
      ...(programs === undefined ? {} : { programs }),
    });
    return createSupervisorExecutor(config, { password });
  }

  /** The process supervisord runs answers HTTP with its own pid. */
  /** The pid web answers with, once it listens: RUNNING in supervisord can come before node binds its port. */
  async function webAnswers(): Promise<number> {
    return waitFor(async () => Number(await (await fetch(`http://127.0.0.1:${server.webPort}/`)).text()), {
      what: 'web answering',
      intervalMs: 100,
    });
  }

  function expectNoSecret(result: ExecutorResult): void {
    expect(JSON.stringify(result)).not.toContain(server.password);
  }

  beforeAll(async () => {
    requireTool('skip' in supervisord ? supervisord.skip : undefined);
    if (!('binary' in supervisord)) return;
    server = await startSupervisord(supervisord.binary);
    executor = executorFor(server.url, server.password);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('restarts a program: a new pid, which answers HTTP again', async () => {
    const oldPid = await server.pidOf('web');
    const result = await executor.apply(web('restart'));
    expectNoSecret(result);
    expect(result).toMatchObject({ outcome: 'ok', mode: 'apply', executor: { kind: 'supervisor' } });
    expect(result.before).toMatchObject({ state: 'RUNNING', pid: oldPid });
    const newPid = await server.pidOf('web');
    expect(newPid).not.toBe(oldPid);
    expect(result.after).toMatchObject({ state: 'RUNNING', pid: newPid });
    expect(await webAnswers()).toBe(newPid);
  });

  it('stops a program, sees it stopped, and its rollback starts it again', async () => {
    const stopped = await executor.apply(web('stop'));
    expect(stopped).toMatchObject({
      outcome: 'ok',
      before: { state: 'RUNNING' },
      after: { state: 'STOPPED' },
    });
    expect(await server.pidOf('web')).toBe(0);
    await expect(fetch(`http://127.0.0.1:${server.webPort}/`)).rejects.toThrow();

    const checked = await executor.check(web('stop'));
    expect(checked).toMatchObject({ outcome: 'ok', mode: 'check', after: { state: 'STOPPED', pid: 0 } });

    const again = await executor.apply(web('stop'));
    expect(again).toMatchObject({ outcome: 'ok', after: { state: 'STOPPED' } });
    expect(again.output).toContain('web was already stopped');

    const rolledBack = await executor.rollback(web('stop'), stopped);
    expectNoSecret(rolledBack);
    expect(rolledBack).toMatchObject({ outcome: 'ok', mode: 'rollback', after: { state: 'RUNNING' } });
    expect(await webAnswers()).toBe(await server.pidOf('web'));
  });

  it('starting a running program is not an error: it is already where the step wants it', async () => {
    const pid = await server.pidOf('web');
    const result = await executor.apply(web('start'));
    expect(result).toMatchObject({ outcome: 'ok', after: { state: 'RUNNING', pid } });
    expect(result.output).toContain('web was already running');
  });

  it('a dry run reads the state and changes nothing', async () => {
    const pid = await server.pidOf('web');
    const result = await executor.dryRun(web('restart'));
    expect(result).toMatchObject({ outcome: 'ok', mode: 'dry-run', before: { state: 'RUNNING', pid } });
    expect(result.output).toBe(`would restart web RUNNING (pid ${pid})`);
    expect(await server.pidOf('web')).toBe(pid);
  });

  it('a stop whose reply does not come in time is unknown, and check then finds out what happened', async () => {
    const impatient = executorFor(server.url, server.password, undefined, 500);
    const stop: SupervisorAction = { kind: 'supervisor', operation: 'stop', program: 'stubborn' };
    const result = await impatient.apply(stop);
    expect(result).toMatchObject({ outcome: 'unknown', before: { state: 'RUNNING' } });
    expect(result.reason).toContain('timed out');
    // supervisord kills the program after its stopwaitsecs: check, which only reads, sees it.
    const stopped = await waitFor(
      async () => {
        const checked = await executor.check(stop);
        return checked.after?.state === 'STOPPED' ? checked : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: 'stubborn to be stopped' },
    );
    expect(stopped).toMatchObject({ outcome: 'ok', after: { pid: 0 } });
  });

  it('rolling back a restart leaves the running program running', async () => {
    const applied = await executor.apply(web('restart'));
    const pid = await server.pidOf('web');
    const result = await executor.rollback(web('restart'), applied);
    expect(result).toMatchObject({ outcome: 'ok', after: { state: 'RUNNING', pid } });
    expect(result.output).toContain('web is already RUNNING; nothing to undo');
  });

  it("a program that dies on start is a step failure carrying supervisord's fault and state", async () => {
    const result = await executor.apply({ kind: 'supervisor', operation: 'start', program: 'broken' });
    expect(result).toMatchObject({ outcome: 'failed', before: { state: 'STOPPED' } });
    // supervisord's own word on where the program is after the fault.
    expect(result.after?.program).toBe('broken');
    expect(result.after?.state).not.toBe('RUNNING');
    expect(result.reason).toMatch(
      /^supervisord at 127\.0\.0\.1:\d+: (SPAWN_ERROR|ABNORMAL_TERMINATION): broken/,
    );
  });

  it('an unknown program is a clear step failure', async () => {
    const result = await executor.apply({
      kind: 'supervisor',
      operation: 'restart',
      program: 'no-such-program',
    });
    const { port } = new URL(server.url);
    expect(result).toMatchObject({
      outcome: 'failed',
      reason: `no program no-such-program in supervisord at 127.0.0.1:${port}`,
    });
    expect(result.after).toBeUndefined();
  });

  it('renders the program from a step param and refuses a value outside its list before calling', async () => {
    const template = actionTemplateSchema.parse({
      kind: 'supervisor',
      operation: 'restart',
      program: '{{program}}',
    });
    const params = paramSpecsSchema.parse({ program: { type: 'enum', values: ['web'] } });
    const rendered = renderAction(template, params, { program: 'web' });
    if (!rendered.ok) throw new Error(rendered.reason);
    expect(executor.describe(rendered.value)).toBe(
      `supervisor lab-supervisor: restart program web at ${new URL(server.url).host}`,
    );
    expect((await executor.apply(rendered.value)).outcome).toBe('ok');
    expect(renderAction(template, params, { program: 'web;reboot' })).toEqual({
      ok: false,
      reason: 'param program: the value contains `;`',
    });
  });

  it('refuses a hand-built action whose program is no supervisord name', async () => {
    const result = await executor.apply({ kind: 'supervisor', operation: 'stop', program: 'web\0; reboot' });
    expect(result).toMatchObject({
      outcome: 'failed',
      reason: '"web\\u0000; reboot" is not a supervisord program name',
    });
    expect(result.before).toBeUndefined();
  });

  it('refuses a program outside its configured list without calling supervisord', async () => {
    const pid = await server.pidOf('web');
    const limited = executorFor(server.url, server.password, ['worker']);
    const result = await limited.apply(web('restart'));
    expect(result).toMatchObject({ outcome: 'failed' });
    expect(result.reason).toContain('not among the programs');
    expect(await server.pidOf('web')).toBe(pid);
  });

  it('a wrong password fails without echoing it, and nothing changes', async () => {
    const pid = await server.pidOf('web');
    const wrong = executorFor(server.url, 'not-the-password');
    const result = await wrong.apply(web('restart'));
    expect(result).toMatchObject({ outcome: 'failed' });
    expect(result.reason).toContain('refused the credentials (401)');
    expect(JSON.stringify(result)).not.toContain('not-the-password');
    expect(await server.pidOf('web')).toBe(pid);
  });

  it('an unreachable supervisord fails (nothing was sent), not unknown', async () => {
    const nobody = executorFor(`http://127.0.0.1:${await freeLoopbackPort()}`, server.password);
    const result = await nobody.apply(web('restart'));
    expect(result).toMatchObject({ outcome: 'failed' });
    expect(result.reason).toContain('ECONNREFUSED');
  });

  it('check answers unknown, never ok, while supervisord is stopped; it reads the state again once it is back', async () => {
    if (!('binary' in supervisord)) return;
    const second = await startSupervisord(supervisord.binary);
    try {
      const checker = executorFor(second.url, second.password);
      expect(await checker.check(web('restart'))).toMatchObject({
        outcome: 'ok',
        after: { state: 'RUNNING' },
      });
      await second.stop();
      const result = await checker.check(web('restart'));
      expectNoSecret(result);
      expect(result.outcome).toBe('unknown');
      expect(result.reason).toMatch(
        /^supervisord at 127\.0\.0\.1:\d+ cannot be reached \(.*ECONNREFUSED.*\): the state of web is unknown$/,
      );
      expect(result.after).toBeUndefined();
      expect(JSON.stringify(result)).not.toContain(second.password);
    } finally {
      await second.stop();
    }
  });
});
