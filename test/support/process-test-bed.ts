import { type SlackEmulator, startSlackEmulator } from '../../src/dev/slack-emulator/index.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createTestRuntime, silentLogger, uniquePrefix } from './test-runtime.js';
import { spawnWarroom, type WarroomProcess, workerEnv } from './warroom-process.js';

/**
 * Worker processes (src/main.ts, ROLE=worker) under one key prefix, a Slack emulator they post to,
 * and a runtime in the test for opening incidents and reading their state.
 */
export interface ProcessTestBed {
  runtime: Runtime;
  emulator: SlackEmulator;
  env(extra?: Record<string, string>): Record<string, string>;
  /** Spawns a worker process and waits for its `warroom started` line. */
  startWorker(extra?: Record<string, string>): Promise<WarroomProcess>;
  /** SIGKILLs the workers still running, closes the runtime and the emulator, deletes the keys. */
  close(): Promise<void>;
}

/** On the shared test Redis, or on `redisUrl` (a Redis of the test's own: nothing to clean up there). */
export async function processTestBed(options: { redisUrl?: string } = {}): Promise<ProcessTestBed> {
  const emulator = await startSlackEmulator();
  const prefix = uniquePrefix('proc');
  const shared = options.redisUrl ? undefined : createTestRuntime({ prefix });
  const runtime =
    shared ?? createRuntime({ redisUrl: options.redisUrl ?? '', prefix, logger: silentLogger() });
  const processes: WarroomProcess[] = [];
  const env = (extra: Record<string, string> = {}) =>
    workerEnv({ redisUrl: runtime.redisUrl, prefix, slackUrl: emulator.url, extra });
  return {
    runtime,
    emulator,
    env,
    async startWorker(extra) {
      const worker = spawnWarroom(env(extra));
      processes.push(worker);
      await worker.started();
      return worker;
    },
    async close() {
      await Promise.all(processes.map((worker) => worker.kill('SIGKILL')));
      await (shared ? shared.dispose() : runtime.close());
      await emulator.close();
    },
  };
}
