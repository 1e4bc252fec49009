import { claimSlot, type PostPriority, type SlotKind } from '../../store/post-slots.js';
import type { SyncRun } from './outbox-deps.js';

/**
 * A parked job wakes up to ~100 ms late (Redis times out blocking calls at 10 Hz), so a sync parks
 * that much short of its slot and sleeps the remainder: never longer than this inside a job.
 */
const WAKE_EARLY_MS = 150;

/**
 * Waits until the incident's slot in `channel` for a post (or an update): parks the job, then
 * sleeps the last moments. A more urgent call (see `postPriority`) goes ahead of other incidents'
 * less urgent ones.
 */
export async function untilSlot(
  deps: SyncRun,
  kind: SlotKind,
  target: { incidentId: string; channel: string; priority: PostPriority },
): Promise<void> {
  const intervalMs = kind === 'post' ? deps.postIntervalMs : deps.updateIntervalMs;
  const slot = { ...target, intervalMs };
  // The claim after the last moments' sleep is what spends the reservation.
  for (let waitMs = await claimSlot(deps.redis, deps.keys, kind, slot); waitMs > 0; ) {
    if (waitMs > WAKE_EARLY_MS) await deps.park(waitMs - WAKE_EARLY_MS);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    waitMs = await claimSlot(deps.redis, deps.keys, kind, slot);
  }
}
