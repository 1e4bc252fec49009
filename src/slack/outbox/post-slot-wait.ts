import { claimPostSlot, type PostPriority } from '../../store/post-slots.js';
import type { SyncRun } from './outbox-deps.js';

/**
 * A parked job wakes up to ~100 ms late (Redis times out blocking calls at 10 Hz), so a sync parks
 * that much short of its slot and sleeps the remainder: never longer than this inside a job.
 */
const WAKE_EARLY_MS = 150;

/**
 * Waits until the incident's posting slot in `channel`: parks the job, then sleeps the last moments.
 * A more urgent post (see `postPriority`) goes ahead of other incidents' less urgent ones.
 */
export async function untilPostSlot(
  deps: SyncRun,
  incidentId: string,
  channel: string,
  priority: PostPriority,
): Promise<void> {
  const slot = { channel, incidentId, intervalMs: deps.postIntervalMs, priority };
  // The claim after the last moments' sleep is what spends the reservation.
  for (let waitMs = await claimPostSlot(deps.redis, deps.keys, slot); waitMs > 0; ) {
    if (waitMs > WAKE_EARLY_MS) await deps.park(waitMs - WAKE_EARLY_MS);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    waitMs = await claimPostSlot(deps.redis, deps.keys, slot);
  }
}
