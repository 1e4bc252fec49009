import { dayOf, type TaskRun } from '../src/domain/task-run.js';
import { syncTaskSchedules } from '../src/pipeline/tasks/task-schedules.js';
import { createRuntime } from '../src/runtime.js';
import { taskEstate } from '../test/support/task-estate.js';
import { createBareRoundTrip } from './bare-round-trip.js';
import { benchPrefix, dropPrefix, fmt, line, median, REDIS_URL, silent } from './support.js';

const RUNS = 10;

const RUNBOOKS = `id: tick
title: A routine task with one no-op step
schedule: { cron: "* * * * * *", mode: auto, service: bench-cache }
steps:
  - id: noop
    title: Nothing
    executor: host
    action: { kind: local, command: [/bin/true] }
    risk: low
`;

export interface RoutineTaskFigures {
  runs: number;
  /** Scheduled time (the scheduler's own millis) → the run recorded as started. */
  latenessMs: number;
  /** Run started → run recorded as finished: one `/bin/true` step through the runner, at most once. */
  runMs: number;
  bareMs: number;
}

/**
 * An `auto` task every second through its real BullMQ job scheduler, the incident worker and the
 * runner with the local executor, until RUNS runs have ended; the bare job round trip alongside.
 */
export async function measureRoutineTasks(): Promise<RoutineTaskFigures> {
  const estate = taskEstate(RUNBOOKS);
  const prefix = benchPrefix('tasks');
  const runtime = createRuntime({
    redisUrl: REDIS_URL,
    prefix,
    logger: silent,
    ...estate,
  });
  runtime.startIncidentWorker({ concurrency: 4 });
  const yardstick = await createBareRoundTrip();
  const bare: number[] = [];
  try {
    await syncTaskSchedules(runtime.ctx);
    let ended: TaskRun[] = [];
    while (ended.length < RUNS) {
      for (let i = 0; i < 10; i++) bare.push(await yardstick.sample());
      await new Promise((resolve) => setTimeout(resolve, 100));
      const runs = await runtime.ctx.tasks.runsOf(dayOf(new Date()));
      ended = runs.filter((run) => run.status === 'ok' && run.finishedAt !== undefined);
    }
    const sample = ended.slice(0, RUNS);
    return {
      runs: sample.length,
      latenessMs: median(sample.map((run) => Date.parse(run.startedAt) - Number(run.runId.slice(1)))),
      runMs: median(
        sample.map((run) => Date.parse(run.finishedAt ?? run.startedAt) - Date.parse(run.startedAt)),
      ),
      bareMs: median(bare),
    };
  } finally {
    await runtime.ctx.killSwitch.set(true, 'bench', new Date());
    await syncTaskSchedules(runtime.ctx);
    await yardstick.close();
    await runtime.close();
    await dropPrefix(prefix);
  }
}

export function printRoutineTasks(figures: RoutineTaskFigures): void {
  line(
    `routine task every second: scheduled -> started (median of ${figures.runs})`,
    fmt(figures.latenessMs),
  );
  line('  started -> ended (one /bin/true step through the runner)', fmt(figures.runMs));
  line('  yardstick: bare BullMQ job round trip (median)', fmt(figures.bareMs));
  line('  ended run / bare round trip', `${(figures.runMs / figures.bareMs).toFixed(1)}x`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  measureRoutineTasks().then(
    (figures) => {
      printRoutineTasks(figures);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
