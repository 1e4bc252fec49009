import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';
import { type RunningPrometheus, startPrometheus } from './prometheus-server.js';
import { labSupervisorExecutorYaml, type RunningSupervisord, startSupervisord } from './supervisord.js';

const METRICS_SERVICE = fileURLToPath(new URL('./metrics-service.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Releases a test can roll out: the share of requests each one's processes fail. */
export const RELEASES: Readonly<Record<string, number>> = {
  '1.0.0': 0,
  '2.0.0': 0,
  '2.1.0': 0.6,
  '2.2.0': 0,
};

/**
 * `shop` as three real instances under a real supervisord (programs shop-1..3), each running the
 * release its `current/shop-N` symlink points at when it starts, scraped by a real Prometheus; a
 * rollout runbook switches the symlink (a local command) and restarts the program (supervisor).
 */
export interface RolloutEstate {
  supervisord: RunningSupervisord;
  prometheus: RunningPrometheus;
  instances: number;
  catalogPath: string;
  runbooksPath: string;
  /** The same service rolled out through its deploy hook (`unit: percent`) instead of one instance at a time. */
  hookRunbooksPath: string;
  /** What the deploy hook was asked, in order. */
  hookCalls: Array<{ version: string; percent: number }>;
  /** The version each instance's process answers on GET /version, in instance order. */
  versions(): Promise<string[]>;
  stop(): Promise<void>;
}

function catalogYaml(
  supervisord: RunningSupervisord,
  instances: number,
  dir: string,
  hookUrl: string,
): string {
  const programs = Array.from({ length: instances }, (_, index) => `shop-${index + 1}`);
  return `services:
  - name: shop
    owner: { team: team-shop, slack: U0SHOPOWNER }
    tier: 2
    instances: ${instances}
    approvers: [U0SHOPLEAD]
    executor: lab-supervisor
    telemetry:
      rateWindow: 4s
executors:
${labSupervisorExecutorYaml(supervisord, programs)}  - name: releases
    kind: local
    cwd: ${dir}
  - name: deploy-hook
    kind: http
    baseUrl: ${hookUrl}
    timeoutMs: 60000
`;
}

function runbooksYaml(dir: string): string {
  return `runbooks:
  - id: rollout-shop
    title: Roll out a shop release, one instance at a time
    rollout: { service: shop }
    params:
      instance: { type: integer, min: 1, max: 9, from: instance }
      version: { type: string, pattern: "^[0-9A-Za-z.-]{1,40}$" }
    steps:
      - id: switch-release
        title: Point the instance at the release
        executor: releases
        action: { kind: local, command: [ln, -sfn, "${dir}/releases/{{version}}", "${dir}/current/shop-{{instance}}"] }
        risk: medium
        timeoutSeconds: 10
      - id: restart
        title: Restart the instance on it
        executor: lab-supervisor
        action: { kind: supervisor, operation: restart, program: "shop-{{instance}}" }
        risk: medium
        timeoutSeconds: 30
`;
}

const HOOK_RUNBOOKS = `runbooks:
  - id: rollout-shop-hook
    title: Roll out shop through its deploy hook, a share at a time
    rollout: { service: shop, unit: percent }
    params:
      percent: { type: integer, min: 1, max: 100 }
      version: { type: string, pattern: "^[0-9A-Za-z.-]{1,40}$" }
    steps:
      - id: deploy
        title: Ask the deploy hook to move this share of shop
        executor: deploy-hook
        action:
          kind: http
          method: POST
          path: /deploy/shop
          body: { version: "{{version}}", percent: "{{percent}}" }
          success: { statuses: [200] }
        risk: medium
        timeoutSeconds: 60
`;

/**
 * A real deploy hook on loopback, as a CD tool offers one: POST /deploy/shop `{version, percent}`
 * moves that share of the instances (rounded, at least one; the first ones) to the release and
 * restarts them, then answers 200.
 */
async function startDeployHook(
  deploy: (instance: number, version: string) => Promise<void>,
  instances: number,
  calls: Array<{ version: string; percent: number }>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/deploy/shop') return void res.writeHead(404).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { version: string; percent: number };
      calls.push({ version: body.version, percent: body.percent });
      const count = Math.min(instances, Math.max(1, Math.round((body.percent * instances) / 100)));
      (async () => {
        for (let instance = 1; instance <= count; instance += 1) await deploy(instance, body.version);
      })().then(
        () =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ deployed: count })),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startRolloutEstate(
  binaries: { supervisord: string; prometheus: string },
  instances = 3,
): Promise<RolloutEstate> {
  const dir = await mkdtemp(join(tmpdir(), 'warroom-rollout-'));
  await mkdir(join(dir, 'current'));
  for (const [version, errorShare] of Object.entries(RELEASES)) {
    await mkdir(join(dir, 'releases', version), { recursive: true });
    await writeFile(join(dir, 'releases', version, 'release.json'), JSON.stringify({ version, errorShare }));
  }
  const ports: number[] = [];
  for (let instance = 1; instance <= instances; instance += 1) {
    ports.push(await freeLoopbackPort());
    await symlink(join(dir, 'releases', '1.0.0'), join(dir, 'current', `shop-${instance}`));
  }
  const supervisord = await startSupervisord(
    binaries.supervisord,
    ports.map((port, index) => ({
      name: `shop-${index + 1}`,
      command: `${process.execPath} --import tsx ${METRICS_SERVICE}`,
      environment: { PORT: String(port), RELEASE_DIR: join(dir, 'current', `shop-${index + 1}`) },
      directory: REPO_ROOT,
      ready: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).ok,
    })),
  );
  const prometheus = await startPrometheus(
    binaries.prometheus,
    ports.map((port, index) => ({
      address: `127.0.0.1:${port}`,
      labels: { service: 'shop', instance_name: `shop-${index + 1}` },
    })),
  );
  const hookCalls: Array<{ version: string; percent: number }> = [];
  const hook = await startDeployHook(
    async (instance, version) => {
      const link = join(dir, 'current', `shop-${instance}`);
      await rm(link, { force: true });
      await symlink(join(dir, 'releases', version), link);
      await supervisord.restart(`shop-${instance}`);
    },
    instances,
    hookCalls,
  );
  const catalogPath = join(dir, 'catalog.yaml');
  const runbooksPath = join(dir, 'runbooks.yaml');
  const hookRunbooksPath = join(dir, 'hook-runbooks.yaml');
  await writeFile(catalogPath, catalogYaml(supervisord, instances, dir, hook.url));
  await writeFile(runbooksPath, runbooksYaml(dir));
  await writeFile(hookRunbooksPath, HOOK_RUNBOOKS);
  return {
    supervisord,
    prometheus,
    instances,
    catalogPath,
    runbooksPath,
    hookRunbooksPath,
    hookCalls,
    versions: () =>
      Promise.all(
        ports.map(async (port) => {
          const answer = await fetch(`http://127.0.0.1:${port}/version`).catch(() => undefined);
          return answer?.ok ? answer.text() : 'down';
        }),
      ),
    async stop() {
      await hook.close();
      await prometheus.stop();
      await supervisord.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
