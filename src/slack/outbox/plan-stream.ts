import type { StagePhase } from '../../domain/stage-run.js';
import type { MessageRecord, StreamState } from '../../store/message-records.js';
import { POST_PRIORITY } from '../../store/post-slots.js';
import { type Plan, planTitleChunk, taskChunk } from '../blocks/plan-tasks.js';
import type { DesiredMessage } from './desired-message.js';
import { findInThread, messageMetadata } from './find-posted.js';
import type { IncidentSnapshot } from './incident-snapshot.js';
import { MESSAGE_KEYS } from './message-keys.js';
import type { SyncRun } from './outbox-deps.js';
import type { Place } from './placement.js';
import { ADOPTED_DIGEST } from './post-once.js';
import { untilSlot } from './post-slot-wait.js';
import { SlackCallError } from './slack-calls.js';
import { phaseOver, planOfMessage, requesterOf, sameOrder, taskDigest } from './stream-plan-parts.js';
import { workspaceTeam } from './workspace-team.js';

/** A streamed message's record digest until the stream ends: the outbox never `chat.update`s it meanwhile. */
export const STREAMING_DIGEST = 'streaming';

/** The plan message of each phase, streamed where a person started that phase. */
const PHASE_KEYS: ReadonlyArray<{ phase: StagePhase; key: string }> = [
  { phase: 'diagnosis', key: MESSAGE_KEYS.progress },
  { phase: 'remediation', key: MESSAGE_KEYS.remediation },
];

export interface StreamLane {
  incidentId: string;
  snapshot: IncidentSnapshot;
  desired: readonly DesiredMessage[];
  records: Map<string, MessageRecord>;
  pending: ReadonlySet<string>;
  streams: Map<string, StreamState>;
  revision: number;
  thread: Place | undefined;
  digestOf: (message: DesiredMessage['message']) => string;
}

export interface StreamOutcome {
  /** Keys whose message is a live stream: not to be posted or `chat.update`d this round. */
  streaming: Set<string>;
  /** How long until a stream's next append is due (0: none waiting). */
  waitMs: number;
}

/**
 * Streams each phase's plan message where a person started the phase: `chat.startStream` right
 * under the card (so the approval message is the thread's second post), `task_update` chunks as
 * stages move, `chat.stopStream` with the final blocks. A stream refused, expired or failing in any
 * way falls back to the ordinary post and `chat.update` of the same message, at the same ts when it
 * had one: nothing is posted twice and no stage is lost. A phase streams at most once.
 */
export async function streamPlans(deps: SyncRun, lane: StreamLane): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { streaming: new Set(), waitMs: 0 };
  for (const { phase, key } of PHASE_KEYS) {
    const planned = planOfMessage(lane.desired, key);
    const state = lane.streams.get(key);
    if (!planned) continue;
    if (!state) {
      if (await startStream(deps, lane, phase, key, planned.plan)) outcome.streaming.add(key);
      continue;
    }
    if (state.state === 'starting') await adoptOrFallBack(deps, lane, phase, key, state, planned.plan);
    const current = lane.streams.get(key);
    if (current?.state !== 'streaming') continue;
    const waitMs = await advanceStream(deps, lane, phase, key, current, planned);
    if (lane.streams.get(key)?.state === 'streaming') outcome.streaming.add(key);
    outcome.waitMs = Math.max(outcome.waitMs, waitMs);
  }
  return outcome;
}

async function startStream(
  deps: SyncRun,
  lane: StreamLane,
  phase: StagePhase,
  key: string,
  plan: Plan,
): Promise<boolean> {
  const { snapshot, thread } = lane;
  const user = requesterOf(snapshot, phase);
  if (!user || !thread?.threadTs || lane.records.has(key) || lane.pending.has(key)) return false;
  // Held by the kill switch, the phase waits for a person: its plan is posted, not streamed.
  if (phaseOver(snapshot, phase) || snapshot.killSwitch) return false;
  const team = await workspaceTeam(deps);
  if (!team) return false;
  // The slot first: a sync that parks here has claimed nothing, so its re-run may still stream.
  // Streams are their own methods (Tier 4), not chat.postMessage: they take the channel's update
  // line, so the approval message keeps the next posting slot after the card.
  await untilSlot(deps, 'update', {
    incidentId: lane.incidentId,
    channel: thread.channel,
    priority: POST_PRIORITY.card,
  });
  if (!(await deps.records.claimStream(lane.incidentId, key))) return false;
  const sent = Object.fromEntries(plan.tasks.map((task) => [task.id, taskDigest(task)]));
  try {
    const result = await deps.slack.call<{ ts?: string }>('chat.startStream', {
      channel: thread.channel,
      thread_ts: thread.threadTs,
      recipient_user_id: user,
      recipient_team_id: team,
      task_display_mode: 'plan',
      chunks: [planTitleChunk(plan), ...plan.tasks.map(taskChunk)],
    });
    if (!result.ts) throw new Error('chat.startStream answered without a ts');
    await streamed(deps, lane, key, {
      state: 'streaming',
      ts: result.ts,
      channel: thread.channel,
      sent,
      title: plan.title,
    });
    return true;
  } catch (error) {
    const failure = error instanceof SlackCallError ? error.failure : undefined;
    if (failure?.kind === 'ambiguous' || !failure) {
      // It may have started: look for it before giving up on streaming.
      await adoptOrFallBack(deps, lane, phase, key, { state: 'starting', sent }, plan);
      return lane.streams.get(key)?.state === 'streaming';
    }
    await fallBack(
      deps,
      lane,
      key,
      { state: 'starting', sent },
      failure.kind === 'permanent' ? failure.error : 'ratelimited',
    );
    return false;
  }
}

/** Records the stream and its message (a record whose digest keeps `chat.update` away while it streams). */
async function streamed(deps: SyncRun, lane: StreamLane, key: string, stream: StreamState): Promise<void> {
  await deps.records.putStream(lane.incidentId, key, stream);
  lane.streams.set(key, stream);
  if (!stream.ts || !stream.channel) return;
  const record: MessageRecord = {
    ts: stream.ts,
    channel: stream.channel,
    digest: STREAMING_DIGEST,
    revision: lane.revision,
    updatedAtMs: Date.now(),
  };
  await deps.records.put(lane.incidentId, key, record);
  lane.records.set(key, record);
}

/**
 * A start whose answer never came back: the stream may be in the thread with no record of it.
 * Found (our plan's title, no metadata yet): it is adopted; not found: the phase falls back.
 */
async function adoptOrFallBack(
  deps: SyncRun,
  lane: StreamLane,
  phase: StagePhase,
  key: string,
  state: StreamState,
  plan: Plan,
): Promise<void> {
  const thread = lane.thread;
  const prefix = plan.title.slice(0, plan.title.indexOf(' · ', plan.title.indexOf(' · ') + 3) + 3);
  const found =
    thread?.threadTs &&
    (await findInThread(deps.slack, { channel: thread.channel, threadTs: thread.threadTs }, (message) => {
      const first = message.blocks?.[0] as { type?: string; title?: string } | undefined;
      return !message.metadata && first?.type === 'plan' && (first.title ?? '').startsWith(prefix);
    }).catch(() => undefined));
  if (found && thread) {
    deps.logger.info(
      { incident: lane.incidentId, key, phase, ts: found },
      'adopted a stream whose start went unanswered',
    );
    // What it shows is unknown: every task goes out again with the next append.
    await streamed(deps, lane, key, { state: 'streaming', ts: found, channel: thread.channel, sent: {} });
    return;
  }
  await fallBack(deps, lane, key, state, 'start_unanswered');
}

/**
 * The stream ends: from now on the message is kept like any other. A stream that had a message
 * keeps it (the next update brings it up to date: an adopted digest never matches); one that never
 * started leaves its message to be posted.
 */
async function fallBack(
  deps: SyncRun,
  lane: StreamLane,
  key: string,
  state: StreamState,
  reason: string,
): Promise<void> {
  deps.logger.info({ incident: lane.incidentId, key, reason }, 'plan stream fell back to posts and updates');
  const stream: StreamState = { ...state, state: 'fallback', reason };
  await deps.records.putStream(lane.incidentId, key, stream);
  lane.streams.set(key, stream);
  const record = lane.records.get(key);
  if (record?.digest === STREAMING_DIGEST) {
    const adopted = { ...record, digest: ADOPTED_DIGEST, updatedAtMs: 0 };
    await deps.records.put(lane.incidentId, key, adopted);
    lane.records.set(key, adopted);
  }
}

/** Appends what changed (at most once per update interval), or stops the stream once the phase is over. */
async function advanceStream(
  deps: SyncRun,
  lane: StreamLane,
  phase: StagePhase,
  key: string,
  state: StreamState,
  planned: { plan: Plan; message: DesiredMessage },
): Promise<number> {
  const { plan, message } = planned;
  const record = lane.records.get(key);
  if (!state.ts || !state.channel || !record) {
    await fallBack(deps, lane, key, state, 'stream_without_message');
    return 0;
  }
  const changed = plan.tasks.filter((task) => state.sent[task.id] !== taskDigest(task));
  const chunks = [...(plan.title !== state.title ? [planTitleChunk(plan)] : []), ...changed.map(taskChunk)];
  // A kill switch turned on ends the stream too: the phase now waits for a person.
  const over = phaseOver(lane.snapshot, phase) || lane.snapshot.killSwitch;
  if (!over && chunks.length === 0) return 0;
  const dueInMs = record.updatedAtMs + deps.updateIntervalMs - Date.now();
  if (!over && dueInMs > 0) return dueInMs;
  await untilSlot(deps, 'update', {
    incidentId: lane.incidentId,
    channel: state.channel,
    priority: POST_PRIORITY.deferrable,
  });
  const sent = { ...state.sent, ...Object.fromEntries(changed.map((task) => [task.id, taskDigest(task)])) };
  const target = { channel: state.channel, ts: state.ts };
  try {
    if (over) {
      await deps.slack.call('chat.stopStream', {
        ...target,
        ...(chunks.length > 0 ? { chunks } : {}),
        blocks: message.message.blocks.slice(1),
        metadata: messageMetadata(lane.incidentId, key),
      });
      const stopped: StreamState = { ...state, state: 'stopped', sent, title: plan.title };
      await deps.records.putStream(lane.incidentId, key, stopped);
      lane.streams.set(key, stopped);
      // Slack keeps streamed tasks in the order they first came: a stage that joined the plan
      // ahead of others (the specialists triage picks) takes one chat.update to sit in its place.
      const inOrder = sameOrder(
        Object.keys(sent),
        plan.tasks.map((task) => task.id),
      );
      const done = {
        ...record,
        digest: inOrder ? lane.digestOf(message.message) : ADOPTED_DIGEST,
        revision: lane.revision,
        updatedAtMs: inOrder ? Date.now() : 0,
      };
      await deps.records.put(lane.incidentId, key, done);
      lane.records.set(key, done);
      return 0;
    }
    await deps.slack.call('chat.appendStream', { ...target, chunks });
    const next: StreamState = { ...state, sent, title: plan.title };
    await deps.records.putStream(lane.incidentId, key, next);
    lane.streams.set(key, next);
    const touched = { ...record, updatedAtMs: Date.now() };
    await deps.records.put(lane.incidentId, key, touched);
    lane.records.set(key, touched);
    return 0;
  } catch (error) {
    if (!(error instanceof SlackCallError)) throw error;
    if (error.failure.kind === 'rate_limited') return deps.park(error.failure.retryAfterMs);
    // Expired (message_not_in_streaming_state), refused or unanswered: the same plan goes on by chat.update.
    const reason = error.failure.kind === 'permanent' ? error.failure.error : 'ambiguous';
    await fallBack(deps, lane, key, state, reason);
    return 0;
  }
}
