import { z } from 'zod';

/**
 * What supervisord said about a catalog service's program when the incident was diagnosed: its
 * state, how it last ended and the tail of its log, read once and kept with the telemetry. It tells
 * apart what metrics cannot (the process is gone either way): a program that ran and died (a crash)
 * from one that will not start or dies reading its settings (a bad config). When it could not be read
 * the evidence says so (`available: false`): unreadable is unknown, never healthy.
 */
const Where = {
  service: z.string(),
  /** Where it was read: `supervisord 127.0.0.1:9001 via executor lab-supervisor`. */
  source: z.string(),
  program: z.string(),
};

export const ProcessEvidence = z.discriminatedUnion('available', [
  z.object({
    ...Where,
    available: z.literal(true),
    readAt: z.string(),
    /** supervisord's state name: RUNNING, STARTING, BACKOFF, STOPPED, EXITED, FATAL, UNKNOWN. */
    state: z.string(),
    /** The exit status of its last run (0 while it never ended). */
    exitStatus: z.number().int(),
    /** Why supervisord could not spawn it, when it could not (`spawnerr`). */
    spawnError: z.string(),
    /** supervisord's own line: `Dec 06 05:01 AM`, `exit status 78; not expected`. */
    description: z.string(),
    /** When it last stopped, ISO; null while it never stopped. */
    stoppedAt: z.string().nullable(),
    /** The last lines of its log (stderr, or stdout where stderr is redirected there), masked. */
    logTail: z.array(z.string()),
  }),
  z.object({ ...Where, available: z.literal(false), reason: z.string() }),
]);
export type ProcessEvidence = z.infer<typeof ProcessEvidence>;

/** Reads a catalog service's program; undefined for a service no supervisor executor is bound to. */
export interface ProcessReader {
  read(service: string, signal: AbortSignal): Promise<ProcessEvidence | undefined>;
}

/** `supervisor program payments (supervisord 127.0.0.1:9001 via executor lab-supervisor)`. */
export function processSource(evidence: ProcessEvidence): string {
  return `supervisor program ${evidence.program} (${evidence.source})`;
}
