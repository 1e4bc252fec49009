import { type ApproverVerdict, approverVerdict, isUserGroup } from '../../domain/approver-verdict.js';
import type { GroupMembers } from '../../domain/ports.js';
import type { PipelineContext } from '../context.js';

type CheckContext = Pick<
  PipelineContext,
  'userGroups' | 'settings' | 'approvals' | 'queues' | 'logger' | 'now'
>;

async function membersOf(ctx: CheckContext, group: string): Promise<GroupMembers> {
  try {
    return await ctx.userGroups.members(group);
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Whether `userId` is one of `approvers` on `incidentId`, user groups expanded through the
 * `userGroups` port. A group that cannot be read admits nobody: its members are refused, only
 * the users listed by name and APPROVERS may decide, and the thread says so once per group.
 */
export async function checkApprover(
  ctx: CheckContext,
  /** Where an unreadable group is said once; undefined outside an incident (e.g. /runbook dry-run). */
  incidentId: string | undefined,
  approvers: readonly string[],
  userId: string,
): Promise<ApproverVerdict> {
  const listed = approvers.length === 0 || approvers.includes(userId);
  const groups = listed ? [] : approvers.filter(isUserGroup);
  const members = new Map(
    await Promise.all(groups.map(async (group) => [group, await membersOf(ctx, group)] as const)),
  );
  const unreadable = [...members].flatMap(([group, found]) =>
    found.kind === 'unreadable' ? [{ group, reason: found.reason }] : [],
  );
  if (
    incidentId !== undefined &&
    unreadable.length > 0 &&
    (await ctx.approvals.noteUnreadableGroups(incidentId, unreadable, ctx.now()))
  ) {
    ctx.logger.warn({ incident: incidentId, unreadable }, 'approver user groups could not be read');
    await ctx.queues.requestSlackSync(incidentId);
  }
  return approverVerdict(approvers, userId, members, ctx.settings.approvers);
}
