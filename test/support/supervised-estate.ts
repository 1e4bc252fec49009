import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';
import { type RunningPrometheus, startPrometheus } from './prometheus-server.js';
import { labSupervisorExecutorYaml, type RunningSupervisord, startSupervisord } from './supervisord.js';
import { waitFor } from './test-runtime.js';

const METRICS_SERVICE = fileURLToPath(new URL('./metrics-service.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `shop`: a real HTTP service with /metrics, run by a real supervisord, scraped by a real Prometheus. */
export interface SupervisedEstate {
  supervisord: RunningSupervisord;
  prometheus: RunningPrometheus;
  shopPort: number;
  /** Catalog and runbook files for WARROOM_CATALOG and WARROOM_RUNBOOKS. */
  catalogPath: string;
  runbooksPath: string;
  /** Makes shop answer `share` of its requests with a 500. */
  failShare(share: number): Promise<void>;
  stop(): Promise<void>;
}

function catalogYaml(supervisord: RunningSupervisord): string {
  return `services:
  - name: shop
    owner: { team: team-shop, slack: U0SHOPOWNER }
    tier: 2
    approvers: [U0SHOPLEAD]
    executor: lab-supervisor
    runbookUrl: https://runbooks.example.com/shop
    telemetry:
      rateWindow: 4s
executors:
${labSupervisorExecutorYaml(supervisord, ['shop', 'web', 'broken'])}`;
}

export async function startSupervisedEstate(
  binaries: { supervisord: string; prometheus: string },
  runbooks: string,
): Promise<SupervisedEstate> {
  const shopPort = await freeLoopbackPort();
  const supervisord = await startSupervisord(binaries.supervisord, [
    {
      name: 'shop',
      command: `${process.execPath} --import tsx ${METRICS_SERVICE}`,
      environment: { PORT: String(shopPort) },
      directory: REPO_ROOT,
      ready: async () => (await fetch(`http://127.0.0.1:${shopPort}/metrics`)).ok,
    },
  ]);
  const prometheus = await startPrometheus(binaries.prometheus, [
    { address: `127.0.0.1:${shopPort}`, labels: { service: 'shop' } },
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'warroom-supervised-'));
  const catalogPath = join(dir, 'catalog.yaml');
  const runbooksPath = join(dir, 'runbooks.yaml');
  await writeFile(catalogPath, catalogYaml(supervisord));
  await writeFile(runbooksPath, runbooks);
  return {
    supervisord,
    prometheus,
    shopPort,
    catalogPath,
    runbooksPath,
    async failShare(share) {
      // A rollback may have just restarted shop: it answers once its new process listens.
      const response = await waitFor(
        () => fetch(`http://127.0.0.1:${shopPort}/admin/errors?share=${share}`, { method: 'POST' }),
        { what: "shop's admin endpoint", intervalMs: 100 },
      );
      if (response.status !== 204) throw new Error(`shop's admin answered ${response.status}`);
    },
    async stop() {
      await prometheus.stop();
      await supervisord.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
