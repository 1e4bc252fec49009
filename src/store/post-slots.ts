import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

/**
 * Posting slots in a channel, one per `intervalMs` across every process: Slack allows about one
 * message a second per channel, so ten incidents opened together queue up instead of drawing 429s.
 *
 * An incident's sync claims the next free slot; if it is in the future, the claim is remembered as
 * the incident's reservation and the answer is how long to wait. The sync then parks its job (no
 * sleeping inside it) and, woken, claims again: its reservation is honoured, not a second slot
 * taken, so waiting incidents post in the order they queued. A reservation nobody comes back for
 * (the worker died) expires `graceMs` after its slot. A sync woken more than half an interval after
 * its slot (a busy worker ran the parked job late) has missed it: posting then would land right
 * before the next incident's slot and burst past Slack's limit, so it queues again.
 *
 * The line is kept by priority, then by arrival: a claim goes before the first reservation still
 * ahead of a lower priority, which moves one slot back with those behind it. So an approval a
 * person waits for goes ahead of other incidents' cards, and a card ahead of their RCAs and notes.
 */
const RESERVATION_GRACE_MS = 10_000;

/** What a post is to the people waiting on the channel, lowest first. */
export const POST_PRIORITY = { deferrable: 0, card: 1, decision: 2 } as const;
export type PostPriority = (typeof POST_PRIORITY)[keyof typeof POST_PRIORITY];

/**
 * Posts, and updates of posted messages: each channel has a line of each, one call per interval.
 * Slack allows about one post a second per channel; updates are paced the same way so that a storm
 * of alerts over many incidents in one channel costs a bounded number of updates, not one per change.
 */
export type SlotKind = 'post' | 'update';

export interface SlotClaim {
  channel: string;
  incidentId: string;
  intervalMs: number;
  priority?: PostPriority;
}

/** 0 when the incident may post in `channel` now; otherwise the ms until its reserved slot. */
export function claimPostSlot(redis: Redis, keys: Keys, slot: SlotClaim, now = Date.now()): Promise<number> {
  return claimSlot(redis, keys, 'post', slot, now);
}

/** 0 when the incident may make a call of `kind` in `channel` now; otherwise the ms until its slot. */
export async function claimSlot(
  redis: Redis,
  keys: Keys,
  kind: SlotKind,
  slot: SlotClaim,
  now = Date.now(),
): Promise<number> {
  const wait = await withScripts(redis).warroomClaimPostSlot(
    kind === 'post' ? keys.channelPostSlot(slot.channel) : keys.channelUpdateSlot(slot.channel),
    kind === 'post' ? keys.postQueue(slot.channel) : keys.updateQueue(slot.channel),
    String(now),
    String(slot.intervalMs),
    String(RESERVATION_GRACE_MS),
    String(slot.priority ?? POST_PRIORITY.deferrable),
    slot.incidentId,
  );
  return Number(wait);
}
