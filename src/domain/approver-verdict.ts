import type { GroupMembers } from './ports.js';

/** A Slack user-group id (`S…`); anything else in an approvers list is a user id. */
export function isUserGroup(id: string): boolean {
  return /^S[A-Z0-9]{2,}$/.test(id);
}

/** A group whose members could not be read, and why. */
export interface UnreadableGroup {
  group: string;
  reason: string;
}

export type ApproverVerdict =
  | { allowed: true; via: 'anyone' | 'listed' | 'group' | 'fallback'; group?: string }
  | { allowed: false; unreadable: readonly UnreadableGroup[] };

/**
 * Whether `userId` is one of `approvers` (Slack users and user groups; empty: anyone). A group
 * counts by its members; a group that could not be read admits nobody by itself: then only the
 * `fallback` users (APPROVERS) may decide beside the users listed by name. Pure.
 */
export function approverVerdict(
  approvers: readonly string[],
  userId: string,
  members: ReadonlyMap<string, GroupMembers>,
  fallback: readonly string[],
): ApproverVerdict {
  if (approvers.length === 0) return { allowed: true, via: 'anyone' };
  if (approvers.some((id) => !isUserGroup(id) && id === userId)) return { allowed: true, via: 'listed' };
  const unreadable: UnreadableGroup[] = [];
  for (const group of approvers.filter(isUserGroup)) {
    const found = members.get(group) ?? { kind: 'unreadable', reason: 'not looked up' };
    if (found.kind === 'members' && found.users.includes(userId))
      return { allowed: true, via: 'group', group };
    if (found.kind === 'unreadable') unreadable.push({ group, reason: found.reason });
  }
  if (unreadable.length > 0 && fallback.includes(userId)) return { allowed: true, via: 'fallback' };
  return { allowed: false, unreadable };
}
