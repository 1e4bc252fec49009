import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEstate } from '../../../src/catalog/load-estate.js';
import { ConfigError } from '../../../src/config.js';
import { writeKubeconfig } from '../../support/kubeconfig.js';

const directory = mkdtempSync(join(tmpdir(), 'warroom-estate-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const env = {
  SUPERVISOR_PASSWORD: 'lab-password',
  AUTOMATION_TOKEN: 'automation-token',
  LEDGER_PG_PASSWORD: 'ledger-password',
  BASTION_SSH_KEY: 'bastion-key',
};
// prod-k8s is built from a kubeconfig (KUBECONFIG through src/config.ts); its context is prod-eu-west-1.
const kubeconfig = writeKubeconfig(directory, 'https://127.0.0.1:6443', 'example-token', 'prod-eu-west-1');
const config = {
  WARROOM_CATALOG: ['catalog.example.yaml'],
  WARROOM_RUNBOOKS: ['examples/runbooks'],
  LOCAL_COMMANDS: true,
  APPROVERS: [] as string[],
  KUBECONFIG: kubeconfig,
};

async function problemsLoading(...args: Parameters<typeof loadEstate>): Promise<string[]> {
  const error = await loadEstate(...args).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('loading the estate at start', () => {
  it('loads the example catalog, its runbooks directory and live executors', async () => {
    const estate = await loadEstate(config, env);
    expect(estate.runbooks.map((runbook) => runbook.id)).toEqual([
      'flush-session-cache',
      'free-disk',
      'nightly-ledger-backup',
      'restart-fraud-check',
    ]);
    expect(estate.executors?.byName('ops-automation')?.kind).toBe('http');
    expect(estate.executors?.forService('session-cache')?.name).toBe('ops-automation');
    expect(estate.executors?.byName('prod-k8s')?.kind).toBe('kubernetes');
    expect(estate.executors?.byName('bastion')?.kind).toBe('ssh');
  });

  it('refuses to start on a credential that cannot be resolved, naming the reference only', async () => {
    const problems = await problemsLoading(config, { ...env, AUTOMATION_TOKEN: undefined });
    expect(problems).toEqual([
      'WARROOM_CATALOG: executor ops-automation: credential token: $AUTOMATION_TOKEN is not set',
    ]);
  });

  it('refuses a runbook step on a local executor while LOCAL_COMMANDS is off', async () => {
    const problems = await problemsLoading({ ...config, LOCAL_COMMANDS: false }, env);
    expect(problems).toEqual([
      expect.stringMatching(
        /^LOCAL_COMMANDS: off, and runbook free-disk \(examples\/runbooks\/free-disk.yaml:2\) step prune-logs runs a local command on local-scripts/,
      ),
    ]);
  });

  it('lists a bad runbook file with its file, line and path, and an unreadable path', async () => {
    const bad = join(directory, 'bad.yaml');
    writeFileSync(
      bad,
      `id: restart-search
title: Restart search
matches: { services: [search] }
steps:
  - { id: restart, title: Restart, executor: lab-supervisor, action: { kind: supervisor, operation: reboot, program: search }, risk: low }
`,
    );
    expect(await problemsLoading({ ...config, WARROOM_RUNBOOKS: [bad] }, env)).toEqual([
      `WARROOM_RUNBOOKS: ${bad}:5 steps[0].action.operation: Invalid option: expected one of "restart"|"stop"|"start"`,
    ]);
    const missing = join(directory, 'missing');
    expect(await problemsLoading({ ...config, WARROOM_RUNBOOKS: [missing] }, env)).toEqual([
      `WARROOM_RUNBOOKS: ${missing}: cannot read (ENOENT)`,
    ]);
  });

  it('answers the simulated estate when there is no catalog', async () => {
    expect(await loadEstate({ ...config, WARROOM_CATALOG: [], WARROOM_RUNBOOKS: [] }, {})).toEqual({
      runbooks: [],
    });
  });
});
