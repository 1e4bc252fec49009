import { type FlowJob, FlowProducer, Job, type JobsOptions, Queue } from 'bullmq';
import type { SpecialistKind } from '../domain/faults.js';
import type { FixerKind } from '../domain/runbook.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import type { ErrorEmitter } from '../store/redis-outage-log.js';
import { createSyncFlags, type SyncRequest } from '../store/sync-flag.js';
import {
  type CatalogEntry,
  type JobCatalog,
  type JobData,
  type JobName,
  QUEUE_NAMES,
  type QueueName,
  RETENTION,
  stageJobId,
} from './job-catalog.js';

export interface JobQueues {
  add<N extends JobName>(name: N, data: JobData<N>, options?: { delayMs?: number }): Promise<void>;
  /** Intake, then triage (its parent in a flow). */
  addIntakeFlow(incidentId: string): Promise<void>;
  /** Specialists in parallel, then rca (their parent), then the plan (rca's parent). */
  addDiagnosisFanOut(incidentId: string, kinds: readonly SpecialistKind[]): Promise<void>;
  /** Fixers as parallel children of the verify job, which runs once they have all finished. */
  addRemediationFlow(incidentId: string, round: number, fixers: readonly FixerKind[]): Promise<void>;
  /** Asks for App Home to be republished: for one user now, or (debounced) for everyone who opened it. */
  requestHomeRefresh(userId?: string): Promise<void>;
  /**
   * Asks the Slack outbox to bring the incident's messages up to date (coalesced per incident).
   * `withinMs`: the sync may wait that long, so that changes arriving meanwhile (alerts joining
   * in a storm) share it; a request without one brings a waiting sync forward.
   */
  requestSlackSync(incidentId: string, options?: { withinMs?: number }): Promise<void>;
  /**
   * Queues (or brings forward) the sync a request made elsewhere asks for: a store script that
   * set the flag in the same step as its writes (see IngestStore.joinIncident).
   */
  followSyncRequest(incidentId: string, request: SyncRequest, options?: { withinMs?: number }): Promise<void>;
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

type FlowOptions = Pick<JobsOptions, 'failParentOnFailure' | 'ignoreDependencyOnFailure'>;

/** Moves the delayed job of a deduplication lane to now; false when there is none to move. */
async function promoteDelayed(queue: Queue, lane: string): Promise<boolean> {
  const id = await queue.getDeduplicationJobId(lane);
  const job = id ? await Job.fromId(queue, id) : undefined;
  if (!job) return false;
  // Only a delayed job can be promoted: behind one that started meanwhile, a sync is queued.
  return job.promote().then(
    () => true,
    () => false,
  );
}

function entryOf(catalog: JobCatalog, name: JobName): CatalogEntry {
  const entry = catalog.get(name);
  if (!entry) throw new Error(`No job is declared as ${name}`);
  return entry;
}

/**
 * `watchErrors` receives every queue's and the flow producer's `error` events: without a listener
 * BullMQ prints each one raw to the console, thousands of lines in a Redis outage.
 */
export function createJobQueues(
  connection: Redis,
  keys: Keys,
  watchErrors: (source: string, emitter: ErrorEmitter) => void,
  catalog: JobCatalog,
): JobQueues {
  const prefix = keys.queuePrefix;
  const syncFlags = createSyncFlags(connection, keys);
  const queues = new Map<QueueName, Queue>(
    Object.values(QUEUE_NAMES).map((name) => [name, new Queue(name, { connection, prefix })]),
  );
  const flows = new FlowProducer({ connection, prefix });
  for (const [name, queue] of queues) watchErrors(`queue ${name}`, queue);
  watchErrors('flow producer', flows);

  const queue = (name: QueueName): Queue => {
    const found = queues.get(name);
    if (!found) throw new Error(`Unknown queue ${name}`);
    return found;
  };

  /** One node of a BullMQ flow, from the job catalog: validated data, catalog options, a deterministic id. */
  const flowNode = <N extends JobName>(
    name: N,
    data: JobData<N>,
    options: FlowOptions,
    children?: FlowJob[],
  ): FlowJob => {
    const entry = entryOf(catalog, name);
    const parsed = entry.input.parse(data) as JobData<N>;
    return {
      name,
      queueName: entry.queue,
      data: parsed,
      opts: { ...entry.options, ...RETENTION, ...options, jobId: stageJobId(name, parsed) },
      ...(children ? { children } : {}),
    };
  };

  async function followSyncRequest(
    incidentId: string,
    request: SyncRequest,
    options: { withinMs?: number } = {},
  ): Promise<void> {
    if (!request) return;
    const withinMs = options.withinMs ?? 0;
    const entry = entryOf(catalog, 'outbox-sync');
    const lane = `sync-${incidentId}`;
    if (request === 'hurry' && (await promoteDelayed(queue(entry.queue), lane))) return;
    await queue(entry.queue).add(
      'outbox-sync',
      { incidentId },
      {
        ...entry.options,
        ...RETENTION,
        ...(withinMs > 0 ? { delay: withinMs } : {}),
        // One lane per incident: at most one sync running and one waiting, with the newest request.
        deduplication: { id: lane, keepLastIfActive: true },
      },
    );
  }

  return {
    queue,

    async add(name, data, options = {}) {
      const entry = entryOf(catalog, name);
      const parsed = entry.input.parse(data);
      await queue(entry.queue).add(name, parsed, {
        ...entry.options,
        ...RETENTION,
        jobId: stageJobId(name, parsed as JobData<typeof name>),
        delay: options.delayMs,
      });
    },

    async addIntakeFlow(incidentId) {
      // Triage waits on intake as its parent: when intake finishes, BullMQ releases triage in the
      // same step, with no job to add on the way.
      await flows.add(
        flowNode('triage', { incidentId }, {}, [
          flowNode('intake', { incidentId }, { failParentOnFailure: true }),
        ]),
      );
    },

    async addDiagnosisFanOut(incidentId, kinds) {
      const specialists = kinds.map((kind) =>
        // A specialist that keeps failing must not strand the incident: rca runs on what it has.
        flowNode('specialist', { incidentId, kind }, { ignoreDependencyOnFailure: true }),
      );
      const rca = flowNode('rca', { incidentId }, { failParentOnFailure: true }, specialists);
      await flows.add(flowNode('plan', { incidentId, round: 1 }, {}, [rca]));
    },

    async addRemediationFlow(incidentId, round, fixers) {
      const fixes = fixers.map((fixer) =>
        // A fixer that fails for good still lets verification say what the estate looks like.
        flowNode('fix', { incidentId, round, fixer }, { ignoreDependencyOnFailure: true }),
      );
      await flows.add(flowNode('verify', { incidentId, round }, {}, fixes));
    },

    async requestHomeRefresh(userId) {
      const entry = entryOf(catalog, 'home-refresh');
      await queue(entry.queue).add('home-refresh', userId ? { userId } : {}, {
        ...entry.options,
        ...RETENTION,
        // Everyone's Home at most every 2 s however fast incidents change; one user's at once.
        deduplication: userId ? { id: `home-${userId}`, ttl: 500 } : { id: 'home-all', ttl: 2000 },
        ...(userId ? {} : { delay: 2000 }),
      });
    },

    async requestSlackSync(incidentId, options = {}) {
      // Bumps the revision, and queues a sync only when none is already waiting to start: the
      // outbox clears the flag as a sync starts, before it reads the state it will render.
      const request = await syncFlags.request(incidentId, (options.withinMs ?? 0) > 0);
      await followSyncRequest(incidentId, request, options);
    },

    followSyncRequest,

    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      await flows.close();
    },
  };
}
