import { withManualFallback } from '../agents/manual-fallback.js';
import type { PlannedAction } from '../domain/ticket.js';
import type { PipelineContext } from './context.js';

type Reach = Pick<PipelineContext, 'directory' | 'executors' | 'health'>;

/** Why a step on `target` cannot run by itself: not in the catalog, no automatic executor, or no health probe. */
export function manualBecause(ctx: Reach, target: string): string | undefined {
  if (!ctx.directory.resolve(target)) return `${target} is not in the catalog`;
  if (!ctx.executors.for(target).automatic) return `no executor for ${target}`;
  if (!ctx.health.covers(target)) return `no health probe for ${target}`;
  return undefined;
}

/**
 * With a catalog, every step nothing may apply by itself becomes a manual step for its owner (the
 * crew's plans and people's overrides alike). The simulated estate reaches all of its own services.
 */
export function withinReach(ctx: Reach, actions: readonly PlannedAction[]): PlannedAction[] {
  if (!ctx.directory.real) return [...actions];
  return withManualFallback(actions, {
    manualBecause: (target) => manualBecause(ctx, target),
    context: (target) => ctx.directory.context(target),
  });
}
