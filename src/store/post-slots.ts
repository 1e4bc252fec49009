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

/** 0 when the incident may post in `channel` now; otherwise the ms until its reserved slot. */
export async function claimPostSlot(
  redis: Redis,
  keys: Keys,
  slot: { channel: string; incidentId: string; intervalMs: number; priority?: PostPriority },
  now = Date.now(),
): Promise<number> {
  const wait = await withScripts(redis).warroomClaimPostSlot(
    keys.channelPostSlot(slot.channel),
    keys.postQueue(slot.channel),
    String(now),
    String(slot.intervalMs),
    String(RESERVATION_GRACE_MS),
    String(slot.priority ?? POST_PRIORITY.deferrable),
    slot.incidentId,
  );
  return Number(wait);
}
