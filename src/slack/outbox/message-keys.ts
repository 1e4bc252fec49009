import { POST_PRIORITY, type PostPriority } from '../../store/post-slots.js';

/**
 * The key of every Slack message the outbox keeps for an incident: one message per key, posted once
 * and updated in place. The outbox, App Home, `/incident` and the tests name messages through these.
 */
export const MESSAGE_KEYS = {
  /** The root card in the channel; its ts is the thread. */
  card: 'card',
  progress: 'progress',
  duplicate: 'duplicate',
  alerts: 'alerts',
  falsePositive: 'false-positive',
  rca: 'rca',
  /** The root cause's PNG chart, uploaded right under the RCA message. */
  rcaChart: 'chart:rca',
  staleReminder: 'stale-reminder',
  remediation: 'remediation',
  manual: 'manual',
  resolution: 'resolution',
  postmortem: 'postmortem',
  /** Said once: approver user groups that could not be read. */
  approverGroups: 'approver-groups',
  /** The incident channel's own card (INCIDENT_CHANNELS); its ts is the incident's thread there. */
  roomCard: 'room-card',
  /** The close's summary, in the main channel's thread when the incident had its own channel. */
  roomSummary: 'room-summary',
  /** Said once: what about the incident channel fell back to the thread, and why. */
  roomNotice: 'room-notice',
  /** Not messages: what the outbox last did to the incident channel (its creation, topic, canvas, archive job). */
  roomChannel: 'room:channel',
  roomTopic: 'room:topic',
  roomCanvas: 'room:canvas',
  roomArchive: 'room:archive',
} as const;

/** One record per person invited to the incident channel. */
export const roomInviteKey = (user: string) => `room:invite:${user}` as const;

/** One message per plan round: `approval:r1`, `reminder:r1`. */
export const approvalKey = (round: number) => `approval:r${round}` as const;
export const reminderKey = (round: number) => `reminder:r${round}` as const;
/** One approval message per `per-step` runbook step: `step-approval:r1:restart-web`. */
export const stepApprovalKey = (round: number, stepId: string) =>
  `step-approval:r${round}:${stepId}` as const;

/** A day's routine-task digest (one root message a day, updated in place) and each run's approval. */
export const TASK_DIGEST_KEY = 'task-digest';
export const taskApprovalKey = (runKey: string) => `task-approval:${runKey}` as const;

/** A change's own messages: its card in the channel, then its approval and its log in the card's thread. */
export const CHANGE_MESSAGE_KEYS = {
  card: 'change-card',
  approval: 'change-approval:r1',
  log: 'change-log',
} as const;

export type MessageKey =
  | (typeof MESSAGE_KEYS)[keyof typeof MESSAGE_KEYS]
  | ReturnType<typeof approvalKey>
  | ReturnType<typeof reminderKey>
  | ReturnType<typeof stepApprovalKey>
  | typeof TASK_DIGEST_KEY
  | ReturnType<typeof taskApprovalKey>
  | (typeof CHANGE_MESSAGE_KEYS)[keyof typeof CHANGE_MESSAGE_KEYS];

const DECISION_PREFIXES = [
  approvalKey(0),
  stepApprovalKey(0, ''),
  taskApprovalKey(''),
  CHANGE_MESSAGE_KEYS.approval,
].map((key) => key.slice(0, key.indexOf(':') + 1));

/**
 * How urgent a post is in its channel's line: requests for a decision first, then cards, then
 * what can wait (RCA, chart, notes), whichever incident they belong to.
 */
export function postPriority(key: string): PostPriority {
  if (DECISION_PREFIXES.some((prefix) => key.startsWith(prefix))) return POST_PRIORITY.decision;
  const card = key === MESSAGE_KEYS.card || key === MESSAGE_KEYS.roomCard || key === CHANGE_MESSAGE_KEYS.card;
  return card ? POST_PRIORITY.card : POST_PRIORITY.deferrable;
}

/** What the thread may post while the first approval message is still on its way: nothing it would follow. */
export function mayPostBeforeDecision(key: string): boolean {
  return postPriority(key) !== POST_PRIORITY.deferrable || key === MESSAGE_KEYS.staleReminder;
}
