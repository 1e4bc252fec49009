import { createHash } from 'node:crypto';
import type { StagePhase } from '../../domain/stage-run.js';
import type { Plan, PlanTask } from '../blocks/plan-tasks.js';
import type { DesiredMessage } from './desired-message.js';
import { decisionPending } from './desired-messages.js';
import type { IncidentSnapshot } from './incident-snapshot.js';

/** A streamed task's fingerprint: a task is sent again only when what it shows changed. */
export function taskDigest(task: PlanTask): string {
  return createHash('sha1').update(JSON.stringify(task)).digest('hex').slice(0, 16);
}

/** The person a phase streams to: who opened the incident, or whose decision started the remediation. */
export function requesterOf(snapshot: IncidentSnapshot, phase: StagePhase): string | undefined {
  if (phase === 'diagnosis') return snapshot.ticket.openedBy;
  const decided = snapshot.book.rounds.findLast(
    (round) => round.decision?.kind === 'approved' || round.decision?.kind === 'overridden',
  );
  return decided?.decision?.by;
}

function phaseStages(snapshot: IncidentSnapshot, phase: StagePhase) {
  return snapshot.runs.filter((run) => run.phase === phase);
}

/** The phase has run its course: nothing of it waits or runs, and no more of it is on its way. */
export function phaseOver(snapshot: IncidentSnapshot, phase: StagePhase): boolean {
  const stages = phaseStages(snapshot, phase);
  if (stages.some((stage) => stage.state === 'pending' || stage.state === 'running')) return false;
  return phase === 'diagnosis' ? !decisionPending(snapshot) : snapshot.ticket.status !== 'Remediating';
}

/** The plan a desired message shows (its first block), as the tasks a stream sends. */
export function planOfMessage(
  desired: readonly DesiredMessage[],
  key: string,
): { plan: Plan; message: DesiredMessage } | undefined {
  const message = desired.find((candidate) => candidate.key === key);
  const block = message?.message.blocks[0] as { type?: string } | undefined;
  if (!message || block?.type !== 'plan') return undefined;
  return { plan: planFromBlock(block as PlanBlockLike), message };
}

interface PlanBlockLike {
  title: string;
  tasks?: Array<{
    task_id: string;
    title: string;
    status: PlanTask['status'];
    details?: unknown;
    output?: unknown;
    sources?: Array<{ url: string; text: string }>;
  }>;
}

/**
 * The plan back from the desired message's block, so the stream carries exactly what a post would:
 * each task's details and output are the one text element of their rich text (see plan-tasks.ts).
 */
function planFromBlock(block: PlanBlockLike): Plan {
  const textOf = (value: unknown): string | undefined => {
    const section = (value as { elements?: Array<{ elements?: Array<{ text?: string }> }> } | undefined)
      ?.elements?.[0];
    return section?.elements?.[0]?.text;
  };
  return {
    title: block.title,
    tasks: (block.tasks ?? []).map((task) => {
      const details = textOf(task.details);
      const output = textOf(task.output);
      return {
        id: task.task_id,
        title: task.title,
        status: task.status,
        ...(details ? { details } : {}),
        ...(output ? { output } : {}),
        ...(task.sources ? { sources: task.sources.map(({ url, text }) => ({ url, text })) } : {}),
      };
    }),
  };
}

export function sameOrder(streamed: readonly string[], wanted: readonly string[]): boolean {
  return streamed.length === wanted.length && streamed.every((id, index) => wanted[index] === id);
}
