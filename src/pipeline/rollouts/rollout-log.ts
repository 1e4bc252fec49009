import type { Rollout } from '../../domain/rollout/rollout.js';
import type { PipelineContext } from '../context.js';
import { requestChangeSync } from './rollout-sync-request.js';

const MAX_LOG = 200;

/** `rollout` with a line added to its thread's log (the oldest dropped past the cap). */
export function withLine(rollout: Rollout, at: Date, text: string): Rollout {
  const log = [...rollout.log, { at: at.toISOString(), text: text.slice(0, 1000) }];
  return { ...rollout, log: log.slice(-MAX_LOG) };
}

/**
 * Applies `change` to the change atomically (it may run again: keep it pure) and asks the outbox
 * to show the result. Answers the change as stored, and whether this call wrote it.
 */
export async function advanceRollout(
  ctx: PipelineContext,
  id: string,
  change: (current: Rollout) => Rollout | undefined,
): Promise<{ rollout: Rollout | undefined; wrote: boolean }> {
  let wrote = false;
  const rollout = await ctx.rollouts.update(id, (current) => {
    const next = change(current);
    wrote = next !== undefined;
    return next;
  });
  if (wrote) await requestChangeSync(ctx, id);
  return { rollout, wrote };
}
