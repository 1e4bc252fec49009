import type { StagePhase } from '../../domain/stage-run.js';
import { isClosed } from '../../domain/status.js';
import type { StatusLine } from '../../store/message-records.js';
import { truncate } from '../blocks/text.js';
import { decisionPending } from './desired-messages.js';
import type { IncidentSnapshot } from './incident-snapshot.js';
import type { SyncRun } from './outbox-deps.js';
import type { Place } from './placement.js';
import { SlackCallError } from './slack-calls.js';

/** Slack rotates up to 10 loading messages under the status. */
const MAX_LOADING_MESSAGES = 10;
const STATUS_MAX = 100;

const DOING: Readonly<Record<StagePhase, string>> = { diagnosis: 'diagnosing', remediation: 'remediating' };

export interface WantedStatus {
  status: string;
  loadingMessages: string[];
}

/**
 * What the thread's status line should say: "is diagnosing INC-0007…" while the crew's stages run,
 * the stages still to come rotating under it; empty (cleared) while the incident waits for a person
 * or is over. Set once a phase, so it costs at most two writes a phase however many stages run.
 */
export function wantedStatus(snapshot: IncidentSnapshot, decisionShown: boolean): WantedStatus | undefined {
  const { ticket } = snapshot;
  const idle: WantedStatus = { status: '', loadingMessages: [] };
  if (isClosed(ticket.status)) return idle;
  const phase: StagePhase | undefined =
    ticket.status === 'Remediating' ? 'remediation' : decisionPending(snapshot) ? 'diagnosis' : undefined;
  const waiting = phase
    ? snapshot.runs.filter(
        (run) => run.phase === phase && (run.state === 'pending' || run.state === 'running'),
      )
    : [];
  if (phase && waiting.length > 0) {
    return {
      status: truncate(`is ${DOING[phase]} ${ticket.id}…`, STATUS_MAX),
      loadingMessages: waiting
        .slice(0, MAX_LOADING_MESSAGES)
        .map((stage) => truncate(`${stage.label}…`, STATUS_MAX)),
    };
  }
  // Between the diagnosis and its approval message the line stays: it clears when the person's
  // part is in front of them (a manual step, a decision), not a moment before.
  const decisionComing = ['Diagnosing', 'Remediation_Recommended', 'Awaiting_Approval'].includes(
    ticket.status,
  );
  return decisionComing && !decisionShown ? undefined : idle;
}

/**
 * Brings the status line in step (`assistant.threads.setStatus`). Its failures never hold up the
 * incident: a refusal is logged once and the line is left alone from then on; anything else is
 * tried again at the next change.
 */
export async function keepStatusLine(
  deps: SyncRun,
  lane: {
    incidentId: string;
    snapshot: IncidentSnapshot;
    thread: Place | undefined;
    line: StatusLine | undefined;
    /** The first approval message is in the thread. */
    decisionShown: boolean;
  },
): Promise<StatusLine | undefined> {
  const { thread, line } = lane;
  if (!thread?.threadTs || line?.refused) return line;
  const wanted = wantedStatus(lane.snapshot, lane.decisionShown);
  if (!wanted || wanted.status === (line?.status ?? '')) return line;
  // Unpaced: at most two calls a phase (set, then clear), and the line is worth most right away.
  try {
    await deps.slack.call('assistant.threads.setStatus', {
      channel_id: thread.channel,
      thread_ts: thread.threadTs,
      status: wanted.status,
      ...(wanted.loadingMessages.length > 0 ? { loading_messages: wanted.loadingMessages } : {}),
    });
    const set = { status: wanted.status, updatedAtMs: Date.now() };
    await deps.records.putStatusLine(lane.incidentId, set);
    return set;
  } catch (error) {
    if (!(error instanceof SlackCallError)) throw error;
    if (error.failure.kind !== 'permanent') return line;
    deps.logger.warn(
      { incident: lane.incidentId, error: error.failure.error },
      'slack refused the thread status line: the thread goes on without it',
    );
    const refused = { status: line?.status ?? '', updatedAtMs: Date.now(), refused: true };
    await deps.records.putStatusLine(lane.incidentId, refused);
    return refused;
  }
}
