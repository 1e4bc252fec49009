import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLabTools } from '../../lab/runner/debian-tools.js';
import { CLEAN_BASELINE_SECONDS, runLabIncident } from '../../lab/runner/lab-incident.js';
import { type LabWarroom, startLabWarroom } from '../../lab/runner/lab-warroom.js';
import { processState, supervisorctl } from '../../lab/runner/service-control.js';
import { waitFor as waitUntil } from '../../lab/runner/wait-for.js';
import { RUNBOOK_STEP_ENTRY, RunbookStepEntry } from '../../src/domain/runbook-step-entry.js';
import { requireTool, skipForMissingTool } from '../support/ci-tools.js';
import { deleteKeysWithPrefix, silentLogger, testRedisUrl, uniquePrefix } from '../support/test-runtime.js';

const found = findLabTools();
const missing = 'missing' in found ? found.missing : undefined;

describe.skipIf(skipForMissingTool(missing))(
  'the lab loop: real services under supervisord, real Prometheus and Alertmanager, Warroom with Slack emulated',
  () => {
    let dir: string | undefined;
    let loop: LabWarroom | undefined;
    const prefix = uniquePrefix('lab');

    function running() {
      if (!loop || !('tools' in found)) throw new Error('the lab did not start');
      return { loop, tools: found.tools };
    }

    beforeAll(async () => {
      requireTool(missing);
      if (!('tools' in found)) return;
      dir = await mkdtemp(join(tmpdir(), 'warroom-lab-e2e-'));
      loop = await startLabWarroom({
        dir,
        tools: found.tools,
        redisUrl: testRedisUrl(),
        prefix,
        logger: silentLogger(),
      });
    }, 120_000);

    afterAll(async () => {
      await loop?.close();
      await deleteKeysWithPrefix(testRedisUrl(), prefix);
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 60_000);

    it('a real crash: the alert opens an incident, the crew names it, Approve restarts it through supervisord, Prometheus sees it up, the card says Resolved', async () => {
      const { loop, tools } = running();
      const pidOf = async () =>
        Number(await supervisorctl(loop.lab.layout, tools.supervisorctl, ['pid', 'payments']));
      const pidBefore = await pidOf();
      const run = await runLabIncident(loop, {
        service: 'payments',
        fault: 'crash',
        supervisorctl: tools.supervisorctl,
        // The process stays down until someone acts: supervisord does not restart it by itself.
        onDiagnosed: async () => {
          expect(await processState(loop.lab.layout, tools.supervisorctl, 'payments')).toBe('EXITED');
        },
      });
      expect(run.diagnosed).toMatchObject({
        source: 'alert',
        status: 'Awaiting_Approval',
        rca: { rootService: 'payments', fault: 'crash' },
      });
      expect(run.diagnosed.rca?.evidence.join('\n')).toContain('Prometheus cannot scrape payments');
      expect(run.diagnosed.recommendations).toMatchObject([{ id: 'restart', target: 'payments' }]);
      expect(run.verdict?.status, run.verdict?.resolution ?? '').toBe('Resolved');
      expect(run.prometheus).toEqual({ healthy: true, problems: [] });
      expect(await processState(loop.lab.layout, tools.supervisorctl, 'payments')).toBe('RUNNING');
      expect(await pidOf()).not.toBe(pidBefore);

      const timeline = await loop.warroom.runtime.ctx.timeline.read(run.diagnosed.id);
      const steps = timeline
        .filter((entry) => entry.type === RUNBOOK_STEP_ENTRY)
        .map((entry) => RunbookStepEntry.parse(entry.data));
      expect(steps).toMatchObject([
        {
          runbookId: 'restart-payments',
          stepId: 'restart',
          executor: 'lab-supervisor',
          outcome: 'ok',
          approvedBy: [loop.approver],
        },
      ]);
      const id = run.diagnosed.id;
      await waitUntil(
        `${id}'s card to say Resolved`,
        async () =>
          loop.emulator.messages(loop.channel).find((message) => message.text.startsWith(`${id} · Resolved`)),
        { timeoutMs: 15_000 },
      );
      console.info(
        `crash: fault → alert ${run.faultToAlertMs} ms, alert → approval ${run.alertToApprovalMs} ms, approve → Resolved ${run.approvalToVerdictMs} ms`,
      );
    }, 150_000);

    it('a real slow dependency (payments slow, so checkout and storefront slow too): the RCA names payments, not its callers', async () => {
      const { loop, tools } = running();
      const run = await runLabIncident(loop, {
        service: 'payments',
        fault: 'slow',
        supervisorctl: tools.supervisorctl,
        cleanBaselineSeconds: CLEAN_BASELINE_SECONDS,
        approve: false,
      });
      expect(run.diagnosed.rca).toMatchObject({ rootService: 'payments', fault: 'slow' });
      expect(run.diagnosed.rca?.summary).toMatch(/^Slow responses on payments: .*explains .*checkout/);
      console.info(
        `slow: incident opened on ${run.diagnosed.system}, fault → alert ${run.faultToAlertMs} ms: ${run.diagnosed.rca?.summary}`,
      );
    }, 150_000);
  },
);
