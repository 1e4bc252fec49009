import { PermanentError } from '../../errors.js';
import type { PipelineContext } from '../context.js';
import { mayDecide } from './claim-decision.js';

/** What a non-approver is told: who may do it, and that nothing changed. */
export function approversOnlyText(approvers: readonly string[], what: string): string {
  const who = approvers.map((id) => `<@${id}>`).join(', ');
  return `Only approvers can ${what}: ${who}. Nothing was changed; ask one of them.`;
}

/** Throws a 403 that names the approvers unless `userId` may change incidents (APPROVERS). */
export function requireApprover(ctx: PipelineContext, userId: string, what: string): void {
  if (mayDecide(ctx, userId)) return;
  throw new PermanentError('forbidden', approversOnlyText(ctx.settings.approvers, what), { httpStatus: 403 });
}
