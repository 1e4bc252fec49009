import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localExecutorConfigSchema } from '../../../src/executors/executor-config.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import type { Executor } from '../../../src/executors/port.js';
import { renderStep } from '../../support/runbook-step.js';

const node = process.execPath;
/** A child that prints its argv (after the program) as JSON. */
const PRINT_ARGS = 'process.stdout.write(JSON.stringify(process.argv.slice(1)))';

function localExecutor(overrides: Record<string, unknown> = {}, enabled = true): Executor {
  const config = localExecutorConfigSchema.parse({
    name: 'lab-host',
    kind: 'local',
    env: { LAB_MODE: 'on' },
    timeoutMs: 10_000,
    ...overrides,
  });
  return createLocalExecutor(config, { enabled });
}

describe('local executor running real child processes', () => {
  let dir: string;
  const fakeToken = 'xoxb-fake-parent-token-1234';
  const previousToken = process.env.SLACK_BOT_TOKEN;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-local-'));
    process.env.SLACK_BOT_TOKEN = fakeToken;
  });

  afterAll(async () => {
    if (previousToken === undefined) delete process.env.SLACK_BOT_TOKEN;
    else process.env.SLACK_BOT_TOKEN = previousToken;
    await rm(dir, { recursive: true, force: true });
  });

  it('passes a hostile templated value as one argument, never through a shell', async () => {
    const hostile = `a b | cat /etc/passwd > ${dir}/out && touch ${dir}/pwned * "q" 'r' <x`;
    const action = renderStep(
      { kind: 'local', command: [node, '-e', PRINT_ARGS, 'target', '{{target}}'] },
      { target: { type: 'string', pattern: '^[ -~]{1,200}$' } },
      { target: hostile },
    );
    const result = await localExecutor().apply(action);
    expect(result).toMatchObject({ outcome: 'ok', exitStatus: 0 });
    expect(JSON.parse(result.output)).toEqual(['target', hostile]);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('even an action that skipped rendering runs no shell: substitutions stay text', async () => {
    const value = `$(touch ${dir}/pwned); \`touch ${dir}/pwned\``;
    const result = await localExecutor().apply({ kind: 'local', argv: [node, '-e', PRINT_ARGS, value] });
    expect(JSON.parse(result.output)).toEqual([value]);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it("gives the child only PATH and the allowlist: none of the parent's variables", async () => {
    expect(process.env.SLACK_BOT_TOKEN).toBe(fakeToken);
    const result = await localExecutor({ path: '/usr/bin:/bin' }).apply({
      kind: 'local',
      argv: [node, '-e', 'process.stdout.write(JSON.stringify(process.env))'],
    });
    expect(result.outcome).toBe('ok');
    expect(JSON.parse(result.output)).toEqual({ PATH: '/usr/bin:/bin', LAB_MODE: 'on' });
    expect(result.output).not.toContain(fakeToken);
  });

  it('kills a command that outlives its timeout, and calls the outcome unknown', async () => {
    const result = await localExecutor({ timeoutMs: 500 }).apply({
      kind: 'local',
      argv: [node, '-e', 'process.stdout.write(String(process.pid)); setInterval(() => {}, 1000)'],
    });
    expect(result).toMatchObject({
      outcome: 'unknown',
      reason: 'the command timed out after 500 ms and was killed',
      exitStatus: null,
    });
    const pid = Number(result.output);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('bounds the output excerpt, keeping its head and tail', async () => {
    const result = await localExecutor({ outputLimit: 200 }).apply({
      kind: 'local',
      argv: [node, '-e', "process.stdout.write('H' + 'x'.repeat(100000) + 'T')"],
    });
    expect(result.outcome).toBe('ok');
    expect(result.output.length).toBeLessThan(300);
    expect(result.output.startsWith('H')).toBe(true);
    expect(result.output.endsWith('T')).toBe(true);
    expect(result.output).toContain('characters omitted');
  });

  it('a failing command fails with its exit status; a missing program or a NUL argument fails to start', async () => {
    const failed = await localExecutor().apply({
      kind: 'local',
      argv: [node, '-e', "console.error('disk full'); process.exit(3)"],
    });
    expect(failed).toMatchObject({ outcome: 'failed', exitStatus: 3, reason: 'the command exited with 3' });
    expect(failed.output).toContain('disk full');
    const missing = await localExecutor().apply({ kind: 'local', argv: ['/no/such/program'] });
    expect(missing).toMatchObject({ outcome: 'failed', reason: 'cannot run /no/such/program (ENOENT)' });
    const nul = await localExecutor().apply({ kind: 'local', argv: [node, '-e', PRINT_ARGS, 'a\0b'] });
    expect(nul).toMatchObject({ outcome: 'failed', reason: `cannot run ${node} (ERR_INVALID_ARG_VALUE)` });
  });

  it('refuses to run anything when local commands are not enabled', async () => {
    const executor = localExecutor({}, false);
    const touch = { kind: 'local' as const, argv: ['/usr/bin/touch', join(dir, 'ran')] };
    const result = await executor.apply(touch);
    expect(result).toMatchObject({ outcome: 'failed' });
    expect(result.reason).toContain('local commands are off');
    expect((await executor.rollback({ ...touch, rollback: touch.argv }, result)).outcome).toBe('failed');
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('dry-runs by rendering, checks and rolls back with the commands the step names', async () => {
    const marker = join(dir, 'marker');
    const action = renderStep(
      {
        kind: 'local',
        command: ['/usr/bin/touch', '{{file}}'],
        check: ['/usr/bin/test', '-e', '{{file}}'],
        rollback: ['/usr/bin/rm', '-f', '{{file}}'],
      },
      { file: { type: 'string', pattern: '^/tmp/[A-Za-z0-9/_-]+$' } },
      { file: marker },
    );
    const executor = localExecutor();
    const dry = await executor.dryRun(action);
    expect(dry).toMatchObject({ outcome: 'ok', mode: 'dry-run' });
    expect(dry.output).toContain(`would run ["/usr/bin/touch","${marker}"]`);
    expect(existsSync(marker)).toBe(false);
    expect(await executor.check(action)).toMatchObject({ outcome: 'ok', after: { exitStatus: 1 } });
    const applied = await executor.apply(action);
    expect(applied.outcome).toBe('ok');
    expect(await executor.check(action)).toMatchObject({ outcome: 'ok', after: { exitStatus: 0 } });
    expect((await executor.rollback(action, applied)).outcome).toBe('ok');
    expect(existsSync(marker)).toBe(false);
  });
});
