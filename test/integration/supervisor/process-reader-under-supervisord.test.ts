import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processFinding } from '../../../src/agents/rules/supervisor-checks.js';
import type { Catalog } from '../../../src/domain/catalog/index.js';
import type { ProcessEvidence, ProcessReader } from '../../../src/domain/process-evidence.js';
import { callSupervisor } from '../../../src/executors/supervisor/supervisor-client.js';
import { catalogProcesses } from '../../../src/supervisor/catalog-processes.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { ensureSupervisord, type RunningSupervisord, startSupervisord } from '../../support/supervisord.js';
import { waitFor } from '../../support/test-runtime.js';
import { catalogOf } from '../../unit/domain/catalog/catalog-fixtures.js';

const supervisord = ensureSupervisord();
const skipSupervisord = skipForMissingTool('skip' in supervisord ? supervisord.skip : undefined);

/**
 * Runs while its settings file says `ok`, rereading it every 100 ms (a reload); once it does not,
 * says why on stderr and exits 78 (EX_CONFIG), as every start after that does.
 */
const SETTINGS_READER = `
import { readFileSync } from 'node:fs';
function reload() {
  const text = readFileSync(process.env.SETTINGS, 'utf8').trim();
  if (text === 'ok') return;
  console.error('reload failed: settings are invalid (' + text + ')');
  process.exit(78);
}
reload();
setInterval(reload, 100);
`;

const catalogYaml = (url: string, username: string) => ({
  name: 'catalog.yaml',
  text: `services:
  - { name: ledger, tier: 1, executor: lab-supervisor }
  - { name: legacy, tier: 2, executor: lab-supervisor, aliases: [broken] }
  - { name: other, tier: 2 }
executors:
  - name: lab-supervisor
    kind: supervisor
    url: ${url}
    username: ${username}
    credentials: { password: { env: LAB_SUPERVISOR_PASSWORD } }
    programs: [ledger, broken, web]
`,
});

describe.skipIf(skipSupervisord)('supervisord program evidence read from a real supervisord', () => {
  let server: RunningSupervisord;
  let dir: string;
  let catalog: Catalog;
  let reader: ProcessReader;

  const rpc = (method: string, ...params: Array<string | boolean>) =>
    callSupervisor(
      {
        url: `${server.url}/RPC2`,
        label: 'test',
        authorization: `Basic ${Buffer.from(`${server.username}:${server.password}`).toString('base64')}`,
      },
      `supervisor.${method}`,
      params,
      AbortSignal.timeout(10_000),
    );

  /** Reads `service` until its program is no longer starting or running. */
  const settled = (service: string) =>
    waitFor(
      async () => {
        const evidence = await reader.read(service, AbortSignal.timeout(5_000));
        return evidence?.available && ['EXITED', 'FATAL'].includes(evidence.state) ? evidence : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: `${service}'s program to end` },
    );

  beforeAll(async () => {
    requireTool('skip' in supervisord ? supervisord.skip : undefined);
    if (!('binary' in supervisord)) return;
    dir = await mkdtemp(join(tmpdir(), 'warroom-process-reader-'));
    await writeFile(join(dir, 'settings-reader.mjs'), SETTINGS_READER);
    await writeFile(join(dir, 'settings'), 'ok');
    server = await startSupervisord(supervisord.binary, [
      {
        name: 'ledger',
        command: `${process.execPath} ${join(dir, 'settings-reader.mjs')}`,
        environment: { SETTINGS: join(dir, 'settings') },
        ready: async () => true,
      },
    ]);
    catalog = catalogOf(catalogYaml(server.url, server.username));
    const built = catalogProcesses(catalog, {
      env: { LAB_SUPERVISOR_PASSWORD: server.password },
      readFile: () => '',
    });
    if (built === undefined) throw new Error('a catalog with a supervisor executor has a process reader');
    reader = built;
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a running program reads RUNNING (no finding); a service with no supervisor executor is not read', async () => {
    const evidence = await reader.read('ledger', AbortSignal.timeout(5_000));
    expect(evidence).toMatchObject({ available: true, program: 'ledger', state: 'RUNNING' });
    expect(processFinding(evidence)).toBeUndefined();
    expect(await reader.read('other', AbortSignal.timeout(5_000))).toBeUndefined();
    expect(JSON.stringify(evidence)).not.toContain(server.password);
  });

  it('a program whose settings broke under it exits 78 and no restart holds; its log says why: bad_config', async () => {
    await writeFile(join(dir, 'settings'), 'port=eighty');
    const evidence: ProcessEvidence = await settled('ledger');
    // EXITED with status 78; supervisord (autorestart here) then respawns it into the same settings,
    // which forgets the status: FATAL, exited too quickly. Either way its log says why.
    expect(
      evidence.available &&
        (evidence.exitStatus === 78 ||
          (evidence.state === 'FATAL' && /too quickly/.test(evidence.spawnError))),
    ).toBe(true);
    expect(evidence.available && evidence.logTail.join('\n')).toContain('settings are invalid (port=eighty)');
    expect(processFinding(evidence)).toMatchObject({ service: 'ledger', fault: 'bad_config' });
  });

  it('a program that exits 3 with nothing about its settings, found by alias: a crash', async () => {
    await rpc('startProcess', 'broken', false);
    const evidence = await settled('broken');
    // Too quick for supervisord to record the exit status: it says it could not keep it running.
    expect(evidence).toMatchObject({ service: 'legacy', program: 'broken', available: true, state: 'FATAL' });
    expect(evidence.available && evidence.spawnError).toMatch(/exited too quickly/i);
    expect(processFinding(evidence)).toMatchObject({ service: 'legacy', fault: 'crash' });
  });

  it('supervisord refusing the password is evidence unavailable, never healthy', async () => {
    const wrong = catalogProcesses(catalog, {
      env: { LAB_SUPERVISOR_PASSWORD: 'wrong' },
      readFile: () => '',
    });
    const evidence = await wrong?.read('ledger', AbortSignal.timeout(5_000));
    expect(evidence).toMatchObject({ available: false, program: 'ledger' });
    expect(evidence?.available === false && evidence.reason).toMatch(/401/);
  });
});
