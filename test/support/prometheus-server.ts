import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';
import { skipForMissingTool } from './ci-tools.js';

/**
 * Debian's `prometheus` binary, installed with apt when missing (CI installs it up front). Returns
 * the path, or a reason the tests must skip.
 */
export function ensurePrometheus(): { binary: string } | { skip: string } {
  const found = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' });
  if (found.status === 0) return { binary: found.stdout.trim() };
  const installed = spawnSync(
    'sh',
    ['-c', 'apt-get update -qq && apt-get install -y -qq prometheus >/dev/null && command -v prometheus'],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (installed.status === 0) return { binary: installed.stdout.trim() };
  return { skip: `prometheus is not installed and apt-get could not install it: ${installed.stderr.trim()}` };
}

/** Prometheus for a suite: the binary (or why it is missing), and whether the suite skips (locally only). */
export function prometheusForSuite(): { prometheus: ReturnType<typeof ensurePrometheus>; skip: boolean } {
  const prometheus = ensurePrometheus();
  return { prometheus, skip: skipForMissingTool('skip' in prometheus ? prometheus.skip : undefined) };
}

export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

/** A scrape target with its own labels (a `service` label lets the catalog's default queries find it). */
export interface LabelledTarget {
  address: string;
  labels: Readonly<Record<string, string>>;
}

function staticConfigs(targets: readonly (string | LabelledTarget)[]): string[] {
  const plain = targets.filter((target): target is string => typeof target === 'string');
  const labelled = targets.filter((target): target is LabelledTarget => typeof target !== 'string');
  return [
    ...(plain.length > 0 ? [`      - targets: [${plain.map((target) => `'${target}'`).join(', ')}]`] : []),
    ...labelled.flatMap((target) => [
      `      - targets: ['${target.address}']`,
      `        labels: { ${Object.entries(target.labels)
        .map(([name, value]) => `${name}: '${value}'`)
        .join(', ')} }`,
    ]),
  ];
}

/** A real Prometheus on loopback, scraping `targets` every second, its TSDB in a temp dir. */
export async function startPrometheus(
  binary: string,
  targets: readonly (string | LabelledTarget)[],
): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'warroom-prometheus-'));
  const port = await freeLoopbackPort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: warroom-test',
    '    static_configs:',
    ...staticConfigs(targets),
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), `${config}\n`);
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, stop };
    await sleep(200);
  }
  await stop();
  throw new Error(`prometheus did not become ready:\n${stderr}`);
}
