import { Redis } from 'ioredis';
import type { Reasoner } from '../src/agents/reasoner.js';
import { createRuleReasoner } from '../src/agents/rule-reasoner.js';
import type { SpecialistKind } from '../src/domain/faults.js';
import { withStatus } from '../src/domain/ticket.js';
import { injectAndOpen } from '../src/pipeline/inject.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { initialEstate } from '../src/sim/estate/index.js';
import { createTicketStore, type TicketStore } from '../src/store/ticket-store.js';
import { benchPrefix, dropPrefix, REDIS_URL, silent } from './support.js';

/** Rules, with `selected` specialists forced and an artificial latency on specialists only. */
function benchReasoner(selected: SpecialistKind[] | undefined, specialistLatencyMs: number): Reasoner {
  const rules = createRuleReasoner();
  const slow = createRuleReasoner({ latencyMs: specialistLatencyMs });
  return {
    name: 'bench',
    async triage(input) {
      const result = await rules.triage(input);
      return selected ? { ...result, output: { ...result.output, selected } } : result;
    },
    specialist: (input) => slow.specialist(input),
    rca: (input) => rules.rca(input),
    plan: (input) => rules.plan(input),
  };
}

export interface DiagnosisSample {
  /** From the open call to the plan finishing. */
  wallMs: number;
  /** intake + triage + slowest specialist + rca + plan, each from its start to its finish. */
  criticalPathMs: number;
  /** Finish of one stage to start of the next, for the four hops between stages. */
  hopsMs: number[];
}

type Marks = Map<string, { started?: number; finished?: number }>;

interface StageWatch {
  marks: Map<string, Marks>;
  /** Resolves when the incident's plan stage has finished. */
  planFinished(incidentId: string): Promise<void>;
}

/**
 * Watches stage starts and finishes with a high-resolution clock (ISO stamps only carry ms), at
 * the moments their stamps are taken: the start when the worker asks to start the stage (the
 * status check and the "running" mark are one round trip), the finish when the stage's work
 * returned. Tells the bench when a plan is done, so it waits without polling beside the pipeline.
 */
function watchStages(runtime: Runtime): StageWatch {
  const byIncident = new Map<string, Marks>();
  const planWaiters = new Map<string, () => void>();
  const mark = (incidentId: string, stage: string, at: 'started' | 'finished') => {
    const marks = byIncident.get(incidentId) ?? new Map();
    byIncident.set(incidentId, marks);
    marks.set(stage, { ...marks.get(stage), [at]: performance.now() });
    if (stage === 'plan' && at === 'finished') {
      planWaiters.get(incidentId)?.();
      planWaiters.delete(incidentId);
    }
  };
  const { stages, timeline } = runtime.ctx;
  const start = stages.start.bind(stages);
  stages.start = (incidentId, run, runsWhile) => {
    mark(incidentId, run.key, 'started');
    return start(incidentId, run, runsWhile);
  };
  const append = timeline.append.bind(timeline);
  timeline.append = (incidentId, type, data, meta) => {
    if (type === 'stage.finished' && 'stage' in data && typeof data.stage === 'string')
      mark(incidentId, data.stage, 'finished');
    return append(incidentId, type, data, meta);
  };
  return {
    marks: byIncident,
    planFinished: (incidentId) =>
      byIncident.get(incidentId)?.get('plan')?.finished !== undefined
        ? Promise.resolve()
        : new Promise((resolve) => planWaiters.set(incidentId, resolve)),
  };
}

function sampleOf(marks: Marks, openedAt: number): DiagnosisSample {
  const get = (key: string) => marks.get(key) ?? {};
  const span = (key: string) => (get(key).finished ?? 0) - (get(key).started ?? 0);
  const specialists = [...marks.entries()]
    .filter(([key]) => key.startsWith('specialist:'))
    .map(([, mark]) => mark);
  const specialistStart = Math.min(...specialists.map((mark) => mark.started ?? 0));
  const specialistEnd = Math.max(...specialists.map((mark) => mark.finished ?? 0));
  const slowest = Math.max(...specialists.map((mark) => (mark.finished ?? 0) - (mark.started ?? 0)));
  return {
    wallMs: (get('plan').finished ?? 0) - openedAt,
    criticalPathMs: span('intake') + span('triage') + slowest + span('rca') + span('plan'),
    hopsMs: [
      (get('triage').started ?? 0) - (get('intake').finished ?? 0),
      specialistStart - (get('triage').finished ?? 0),
      (get('rca').started ?? 0) - specialistEnd,
      (get('plan').started ?? 0) - (get('rca').finished ?? 0),
    ],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Long enough for the review stages that follow a plan to finish before the next sample opens. */
const SETTLE_MS = 25;

async function diagnoseOnce(runtime: Runtime, watcher: TicketStore, watch: StageWatch) {
  await runtime.ctx.estate.update(() => initialEstate());
  const openedAt = performance.now();
  const ticket = await injectAndOpen(runtime.ctx, { fault: 'slow', service: 'database', channel: null });
  await watch.planFinished(ticket.id);
  while ((await watcher.require(ticket.id)).status === 'Diagnosing') await sleep(1);
  await runtime.ctx.tickets.update(ticket.id, (current) =>
    withStatus(current, 'Resolved', { now: new Date() }),
  );
  await sleep(SETTLE_MS);
  return sampleOf(watch.marks.get(ticket.id) ?? new Map(), openedAt);
}

export interface DiagnosisBench {
  sample(): Promise<DiagnosisSample>;
  close(): Promise<void>;
}

export async function createDiagnosisBench(options: {
  selected?: SpecialistKind[];
  specialistLatencyMs: number;
}): Promise<DiagnosisBench> {
  const prefix = benchPrefix('diag');
  const runtime = createRuntime({
    redisUrl: REDIS_URL,
    prefix,
    logger: silent,
    reasoner: benchReasoner(options.selected, options.specialistLatencyMs),
  });
  const watch = watchStages(runtime);
  await runtime.startIncidentWorker({ concurrency: 16 }).waitUntilReady();
  // Its own connection, so the status check never queues behind the workers' commands.
  const watchConnection = new Redis(REDIS_URL);
  const watcher = createTicketStore(watchConnection, runtime.keys);
  return {
    sample: () => diagnoseOnce(runtime, watcher, watch),
    async close() {
      watchConnection.disconnect();
      await runtime.close();
      await dropPrefix(prefix);
    },
  };
}

export async function measureDiagnosis(options: {
  samples: number;
  selected?: SpecialistKind[];
  specialistLatencyMs: number;
}): Promise<DiagnosisSample[]> {
  const bench = await createDiagnosisBench(options);
  const samples: DiagnosisSample[] = [];
  for (let i = 0; i < options.samples + 5; i++) {
    const sample = await bench.sample();
    if (i >= 5) samples.push(sample);
  }
  await bench.close();
  return samples;
}
