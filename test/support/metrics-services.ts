import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./metrics-service.ts', import.meta.url));

export interface MetricsService {
  name: string;
  /** host:port, as a Prometheus target. */
  address: string;
  /** Share of /work requests answered with a 500, through the service's own admin endpoint. */
  failShare(share: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts metrics-service.ts as its own Node process and waits for its port. */
export async function startMetricsService(name: string): Promise<MetricsService> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${stderr}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    name,
    address: `127.0.0.1:${port}`,
    async failShare(share) {
      const response = await fetch(`${base}/admin/errors?share=${share}`, { method: 'POST' });
      if (response.status !== 204) throw new Error(`${name}: admin answered ${response.status}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
