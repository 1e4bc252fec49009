import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshExecutorConfigSchema } from '../../../src/executors/executor-config.js';
import type { Executor } from '../../../src/executors/port.js';
import { createSshExecutor } from '../../../src/executors/ssh/ssh-executor.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { renderStep } from '../../support/runbook-step.js';
import { findSshd, type Sshd, startSshd } from '../../support/sshd.js';

const found = findSshd();
const missing = 'skip' in found ? found.skip : undefined;

const noteStep = {
  kind: 'ssh',
  command: "printf '[%s]\\n' {{note}} && test -d {{dir}}",
  check: 'test -d {{dir}}',
  rollback: "printf 'undo %s\\n' {{note}}",
};
const noteParams = {
  note: { type: 'string', pattern: '^[^\\n]{1,80}$' },
  dir: { type: 'string', allowed: ['/tmp', '/nonexistent'] },
};

describe.skipIf(skipForMissingTool(missing))('ssh executor against a real sshd', () => {
  let sshd: Sshd;

  beforeAll(async () => {
    requireTool(missing);
    if ('binary' in found) sshd = await startSshd(found.binary);
  });
  afterAll(async () => {
    await sshd?.close();
  });

  function executor(overrides: Record<string, unknown> = {}, privateKey = sshd.userPrivateKey): Executor {
    const config = sshExecutorConfigSchema.parse({
      name: 'db-host',
      kind: 'ssh',
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      hostKey: sshd.hostFingerprint,
      credentials: { privateKey: { file: '/etc/warroom/db-host.key' } },
      timeoutMs: 10_000,
      ...overrides,
    });
    return createSshExecutor(config, { privateKey });
  }

  it('runs the templated command with each value as one quoted argument and reports the exit status', async () => {
    const action = renderStep(noteStep, noteParams, { note: `it's "two" words & more`, dir: '/tmp' });
    const result = await executor().apply(action);
    expect(result).toMatchObject({ outcome: 'ok', mode: 'apply', exitStatus: 0 });
    expect(result.output).toBe(`[it's "two" words & more]\n`);
    expect(result.action).toContain(`'it'\\''s "two" words & more'`);
  });

  it('fails with the exit status when the command fails, and runs the declared check and rollback', async () => {
    const ssh = executor();
    const action = renderStep(noteStep, noteParams, { note: 'x', dir: '/nonexistent' });
    expect(await ssh.apply(action)).toMatchObject({
      outcome: 'failed',
      exitStatus: 1,
      reason: 'the command exited with 1',
    });
    expect(await ssh.check(action)).toMatchObject({ outcome: 'ok', after: { exitStatus: 1 } });
    const applied = await ssh.apply(renderStep(noteStep, noteParams, { note: 'x', dir: '/tmp' }));
    expect(await ssh.rollback(action, applied)).toMatchObject({ outcome: 'ok', output: 'undo x\n' });
  });

  it('accepts the host key pinned as its public key line', async () => {
    const action = renderStep(noteStep, noteParams, { note: 'pinned', dir: '/tmp' });
    expect(await executor({ hostKey: sshd.hostPublicKey }).apply(action)).toMatchObject({ outcome: 'ok' });
  });

  it('refuses a host whose key is not the pinned one, before authenticating', async () => {
    const action = renderStep(noteStep, noteParams, { note: 'x', dir: '/tmp' });
    const result = await executor({ hostKey: sshd.strangerFingerprint }).apply(action);
    expect(result).toMatchObject({ outcome: 'failed', exitStatus: null });
    expect(result.reason).toBe('the host key of 127.0.0.1 is not the pinned one: refused');
  });

  it('fails, saying so, when the server refuses the key', async () => {
    const action = renderStep(noteStep, noteParams, { note: 'x', dir: '/tmp' });
    const result = await executor({}, sshd.strangerPrivateKey).apply(action);
    expect(result).toMatchObject({
      outcome: 'failed',
      reason: 'ssh authentication failed',
      exitStatus: null,
    });
  });

  it('dry run: runs the read-only check, or only renders and guards when there is none', async () => {
    const ssh = executor();
    const action = renderStep(noteStep, noteParams, { note: 'x', dir: '/tmp' });
    expect(await ssh.dryRun(action)).toMatchObject({
      outcome: 'ok',
      mode: 'dry-run',
      exitStatus: 0,
      output: '',
    });
    const noCheck = renderStep(
      { kind: 'ssh', command: 'systemctl restart {{unit}}' },
      {
        unit: { type: 'enum', values: ['pgbouncer'] },
      },
      { unit: 'pgbouncer' },
    );
    const dry = await executor({ port: 1 }).dryRun(noCheck);
    expect(dry).toMatchObject({ outcome: 'ok', mode: 'dry-run' });
    expect(dry.output).toBe("would run on 127.0.0.1: systemctl restart 'pgbouncer' (the guard allows it)");
  });

  it('refuses what the safety guard blocks without connecting', async () => {
    const wipe = renderStep(
      { kind: 'ssh', command: 'rm -rf /{{dir}}' },
      { dir: { type: 'enum', values: ['*'] } },
      {
        dir: '*',
      },
    );
    // Port 1 has no server: a refusal that tried to connect would fail with a network error instead.
    for (const call of [executor({ port: 1 }).apply(wipe), executor({ port: 1 }).dryRun(wipe)]) {
      const result = await call;
      expect(result.outcome).toBe('failed');
      expect(result.reason).toMatch(/^the safety guard blocks this command: G\d{3} /);
    }
  });

  it('closes the connection on timeout and answers unknown: the command may have run', async () => {
    const slow = renderStep(
      { kind: 'ssh', command: 'sleep {{seconds}}' },
      { seconds: { type: 'integer', max: 60 } },
      {
        seconds: 30,
      },
    );
    const result = await executor({ timeoutMs: 700 }).apply(slow);
    expect(result).toMatchObject({ outcome: 'unknown', reason: 'timed out after 700 ms', exitStatus: null });
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('bounds the output excerpt and masks the key if a command prints it', async () => {
    const chatty = renderStep(
      { kind: 'ssh', command: 'seq 1 {{count}}' },
      { count: { type: 'integer', max: 100000 } },
      {
        count: 50_000,
      },
    );
    const result = await executor({ outputLimit: 500 }).apply(chatty);
    expect(result.outcome).toBe('ok');
    expect(result.output.length).toBeLessThan(600);
    expect(result.output).toMatch(/^1\n2\n/);
    expect(result.output).toMatch(/49999\n50000\n$/);
    // A command that prints the executor's own key (here the very file it was read from).
    const leaky = renderStep(
      { kind: 'ssh', command: 'cat {{path}}' },
      { path: { type: 'string', allowed: [sshd.userPrivateKeyPath] } },
      { path: sshd.userPrivateKeyPath },
    );
    const leaked = await executor().apply(leaky);
    expect(leaked.outcome).toBe('ok');
    expect(leaked.output).toContain('[redacted]');
    for (const keyLine of sshd.userPrivateKey.split('\n').filter((line) => line.length > 20))
      expect(JSON.stringify(leaked)).not.toContain(keyLine);
  });
});
