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
 * before the next incident's slot and burst past Slack's limit, so it queues again at the back.
 */
const RESERVATION_GRACE_MS = 10_000;

/** 0 when the incident may post in `channel` now; otherwise the ms until its reserved slot. */
export async function claimPostSlot(
  redis: Redis,
  keys: Keys,
  slot: { channel: string; incidentId: string; intervalMs: number },
  now = Date.now(),
): Promise<number> {
  const wait = await withScripts(redis).warroomClaimPostSlot(
    keys.channelPostSlot(slot.channel),
    keys.postReservation(slot.channel, slot.incidentId),
    String(now),
    String(slot.intervalMs),
    String(RESERVATION_GRACE_MS),
  );
  return Number(wait);
}
