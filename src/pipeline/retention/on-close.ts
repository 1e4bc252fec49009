import { expiryOf } from '../../domain/retention.js';
import type { PipelineContext } from '../context.js';
import { requestArchive } from './archive-handler.js';

/**
 * What a close starts at once: the archive job (with PostgreSQL), or the keys' expiry (without).
 * A failure here loses nothing: the hourly retention sweep does the same for every closed incident.
 */
export function retentionOnClose(ctx: () => PipelineContext, archiveDelayMs: number) {
  return async (incidentId: string): Promise<void> => {
    const current = ctx();
    try {
      if (current.history) return await requestArchive(current, incidentId, archiveDelayMs);
      const closedAtMs = await current.retention.store.closedAt(incidentId);
      if (closedAtMs === undefined) return;
      const atMs = expiryOf({ id: incidentId, closedAtMs, archived: false }, current.retention.settings);
      if (atMs !== undefined) await current.retention.store.expireAt(incidentId, atMs);
    } catch (error) {
      current.logger.warn(
        { err: error, incident: incidentId },
        'retention at close failed; the sweep will catch up',
      );
    }
  };
}

/** Several close hooks in order; each handles its own failures. */
export function closeHooks(
  ...hooks: ReadonlyArray<(incidentId: string) => Promise<void>>
): (incidentId: string) => Promise<void> {
  return async (incidentId) => {
    for (const hook of hooks) await hook(incidentId);
  };
}
