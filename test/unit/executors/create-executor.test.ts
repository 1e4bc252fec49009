import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor, executorConfigSchema, resolveCredentials } from '../../../src/executors/index.js';

const parse = (entry: unknown) => executorConfigSchema.parse(entry);

describe('createExecutor', () => {
  it('builds one executor per kind from a catalog entry', () => {
    const entries = [
      {
        name: 'lab',
        kind: 'supervisor',
        url: 'http://127.0.0.1:9001',
        username: 'u',
        credentials: { password: { env: 'P' } },
      },
      {
        name: 'rundeck',
        kind: 'http',
        baseUrl: 'https://rundeck.example',
        auth: { type: 'bearer' },
        credentials: { token: { file: '/run/t' } },
      },
      { name: 'lab-host', kind: 'local' },
      { name: 'runbook', kind: 'manual' },
    ];
    const built = entries.map((entry) => createExecutor(parse(entry), { password: 'p', token: 't' }));
    expect(built.map((executor) => [executor.kind, executor.name])).toEqual([
      ['supervisor', 'lab'],
      ['http', 'rundeck'],
      ['local', 'lab-host'],
      ['manual', 'runbook'],
    ]);
  });

  it('fails at boot when a credential the auth needs was not resolved', () => {
    const entry = parse({
      name: 'awx',
      kind: 'http',
      baseUrl: 'https://awx.example',
      auth: { type: 'basic', username: 'bot' },
      credentials: { password: { env: 'AWX_PASSWORD' } },
    });
    expect(() => createExecutor(entry, {})).toThrow('executor awx: credential password was not resolved');
  });

  it('refuses entries with an unknown kind, a bad name or a plain-text credential', () => {
    expect(executorConfigSchema.safeParse({ name: 'k', kind: 'ssh' }).success).toBe(false);
    expect(executorConfigSchema.safeParse({ name: 'Bad Name', kind: 'manual' }).success).toBe(false);
    expect(
      executorConfigSchema.safeParse({
        name: 'lab',
        kind: 'supervisor',
        url: 'http://h:1',
        credentials: { password: 'hunter2' },
      }).success,
    ).toBe(false);
    expect(executorConfigSchema.safeParse({ name: 'l', kind: 'local', env: { PATH: '/tmp' } }).success).toBe(
      false,
    );
    const userinfo = { name: 'lab', kind: 'supervisor', url: 'http://u:hunter2@h:1' };
    expect(executorConfigSchema.safeParse(userinfo).success).toBe(false);
  });

  it('keeps local commands off unless the host policy allows them', async () => {
    const local = createExecutor(parse({ name: 'lab-host', kind: 'local' }), {});
    const result = await local.apply({ kind: 'local', argv: ['/usr/bin/true'] });
    expect(result).toMatchObject({ outcome: 'failed', executor: { kind: 'local', name: 'lab-host' } });
    expect(result.reason).toContain('local commands are off');
  });

  it('refuses an action of another kind than its own', async () => {
    const manual = createExecutor(parse({ name: 'runbook', kind: 'manual' }), {});
    const result = await manual.apply({ kind: 'supervisor', operation: 'restart', program: 'web' });
    expect(result).toMatchObject({
      outcome: 'failed',
      reason: 'a supervisor action cannot run on the manual executor runbook',
    });
  });
});

describe('the manual executor', () => {
  const manual = createExecutor(parse({ name: 'runbook', kind: 'manual' }), {});
  const action = {
    kind: 'manual' as const,
    instruction: 'Fail over orders-db in the console',
    rollback: 'Fail back orders-db',
  };

  it('describes the checklist item and runs nothing: its outcome is for a person to give', async () => {
    expect(manual.describe(action)).toBe('manual runbook: Fail over orders-db in the console');
    expect(await manual.dryRun(action)).toMatchObject({
      outcome: 'ok',
      output: 'checklist item: Fail over orders-db in the console',
    });
    const applied = await manual.apply(action);
    expect(applied).toMatchObject({
      outcome: 'unknown',
      mode: 'apply',
      reason: 'a manual step: nothing ran; a person does it and says so',
    });
    expect(await manual.rollback(action, applied)).toMatchObject({
      outcome: 'unknown',
      output: 'checklist item: Fail back orders-db',
    });
    expect(await manual.check(action)).toMatchObject({ outcome: 'unknown', mode: 'check' });
  });
});

describe('resolveCredentials', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-credentials-'));
    await writeFile(join(dir, 'token'), 'from-a-file\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const sources = (env: Record<string, string>) => ({
    env,
    readFile: (path: string) => readFileSync(path, 'utf8'),
  });

  it('reads a credential from the environment it is handed or from a file, without its final newline', () => {
    expect(
      resolveCredentials(
        { password: { env: 'LAB_PASSWORD' }, token: { file: join(dir, 'token') } },
        sources({ LAB_PASSWORD: 'pw' }),
      ),
    ).toEqual({ password: 'pw', token: 'from-a-file' });
  });

  it('names the missing reference, never a value', () => {
    expect(() => resolveCredentials({ password: { env: 'NOPE' } }, sources({}))).toThrow(
      'credential password: $NOPE is not set',
    );
    expect(() => resolveCredentials({ secret: { file: join(dir, 'absent') } }, sources({}))).toThrow(
      `credential secret: cannot read ${join(dir, 'absent')} (ENOENT)`,
    );
  });
});
