import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INCIDENT_JOBS, INGEST_JOBS, JOB_CATALOG, OUTBOX_JOBS } from '../../../src/jobs.js';
import { catalogOf, type JobName, QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import type { JobQueues } from '../../../src/pipeline/queues.js';

const stage = { attempts: 4, backoff: { type: 'exponential', delay: 250 } };
const sweep = { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } };

/** Every job's queue and options as they were before the catalog was generated: changing one is a decision. */
const EXPECTED = {
  intake: ['incident', stage],
  triage: ['incident', stage],
  specialist: ['incident', stage],
  rca: ['incident', stage],
  plan: ['incident', stage],
  guard: ['incident', stage],
  sandbox: ['incident', stage],
  decide: ['incident', stage],
  'apply-decision': ['incident', stage],
  'hitl-reminder': ['incident', stage],
  'hitl-timeout': ['incident', stage],
  remediate: ['incident', stage],
  fix: ['incident', stage],
  verify: ['incident', stage],
  'monitor-sweep': ['incident', sweep],
  'retention-sweep': ['incident', sweep],
  archive: ['incident', { attempts: 17, backoff: { type: 'exponential', delay: 1000 } }],
  'chaos-tick': ['incident', { attempts: 3, backoff: { type: 'fixed', delay: 1000 } }],
  'runbook-dry-run': ['incident', { attempts: 3, backoff: { type: 'exponential', delay: 500 } }],
  page: ['incident', { attempts: 10, backoff: { type: 'exponential', delay: 1000 } }],
  'page-resolve': ['incident', { attempts: 10, backoff: { type: 'exponential', delay: 1000 } }],
  'task-run': ['incident', { attempts: 3, backoff: { type: 'exponential', delay: 500 } }],
  'task-execute': ['incident', { attempts: 3, backoff: { type: 'exponential', delay: 500 } }],
  'task-expire': ['incident', { attempts: 3, backoff: { type: 'exponential', delay: 500 } }],
  'change-preflight': ['incident', { attempts: 3, backoff: { type: 'exponential', delay: 500 } }],
  'change-phase': ['incident', { attempts: 3, backoff: { type: 'exponential', delay: 500 } }],
  'change-gate': ['incident', { attempts: 3, backoff: { type: 'exponential', delay: 500 } }],
  'change-rollback': ['incident', { attempts: 3, backoff: { type: 'exponential', delay: 500 } }],
  'change-expire': ['incident', { attempts: 3, backoff: { type: 'exponential', delay: 500 } }],
  ingest: ['ingest', { attempts: 10, backoff: { type: 'exponential', delay: 200 } }],
  'outbox-sync': ['slack-outbox', { attempts: 20, backoff: { type: 'exponential', delay: 500 } }],
  'home-refresh': ['slack-outbox', { attempts: 5, backoff: { type: 'exponential', delay: 1000 } }],
  'runbook-dry-run-reply': ['slack-outbox', { attempts: 5, backoff: { type: 'exponential', delay: 1000 } }],
  'task-sync': ['slack-outbox', { attempts: 20, backoff: { type: 'exponential', delay: 500 } }],
  'change-sync': ['slack-outbox', { attempts: 20, backoff: { type: 'exponential', delay: 500 } }],
  'room-archive': ['slack-outbox', { attempts: 10, backoff: { type: 'exponential', delay: 1000 } }],
} as const;

describe('the job catalog, generated from the declarations', () => {
  it('holds every declared job, with its queue and options', () => {
    const catalog = Object.fromEntries(
      [...JOB_CATALOG].map(([name, entry]) => [name, [entry.queue, entry.options]]),
    );
    expect(catalog).toEqual(EXPECTED);
  });

  it("puts each list's jobs on the queue whose worker runs that list", () => {
    const queues = (jobs: ReadonlyArray<{ queue: string }>) =>
      new Set(jobs.map((declared) => declared.queue));
    expect(queues(INCIDENT_JOBS)).toEqual(new Set([QUEUE_NAMES.incident]));
    expect(queues(INGEST_JOBS)).toEqual(new Set([QUEUE_NAMES.ingest]));
    expect(queues(OUTBOX_JOBS)).toEqual(new Set([QUEUE_NAMES.outbox]));
  });

  it('refuses two jobs of one name', () => {
    const job = { name: 'twice', queue: QUEUE_NAMES.incident, input: z.object({}), options: {} };
    expect(() => catalogOf([job, { ...job }])).toThrow('Two jobs are declared as twice');
    expect(catalogOf([job]).get('twice')?.queue).toBe('incident');
  });

  it('makes a name no job declares a compile error where it is enqueued (tsc checks these lines)', () => {
    const enqueueWrongly = (queues: JobQueues) => {
      const name: JobName = 'plan';
      // @ts-expect-error: no job is declared as 'no-such-job'
      void queues.add('no-such-job', { incidentId: 'INC-0001' });
      // @ts-expect-error: a plan job needs its round
      void queues.add(name, { incidentId: 'INC-0001' });
    };
    expect(enqueueWrongly).toBeTypeOf('function');
  });
});
