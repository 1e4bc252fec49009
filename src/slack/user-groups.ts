import { ErrorCode, WebClient } from '@slack/web-api';
import type { GroupMembers, UserGroups } from '../domain/ports.js';
import type { Logger } from '../log.js';

/** Slack's own limit on how stale a member list may be here: removed members lose the right within it. */
export const GROUP_CACHE_MS = 5 * 60_000;
const MAX_GROUPS = 500;

export interface SlackUserGroupsOptions {
  botToken: string;
  apiUrl?: string;
  logger: Logger;
  /** At most GROUP_CACHE_MS. */
  ttlMs?: number;
  now?: () => number;
  /** A ready client (tests); default: one of its own on `apiUrl`. */
  client?: WebClient;
}

/** Why Slack refused, in words an approver can act on. */
export function unreadableReason(group: string, error: unknown): string {
  const coded = error as { code?: string; data?: { error?: string; needed?: string } };
  if (coded.code === ErrorCode.PlatformError) {
    const said = coded.data?.error ?? 'unknown_error';
    if (said === 'missing_scope')
      return `the app lacks the ${coded.data?.needed ?? 'usergroups:read'} scope (Slack said missing_scope)`;
    if (said === 'no_such_subteam') return `Slack knows no user group ${group} (no_such_subteam)`;
    return `Slack refused usergroups.users.list (${said})`;
  }
  return `usergroups.users.list failed: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * User groups through the real Web API (`usergroups.users.list`). Member lists are cached in this
 * process's memory for at most 5 minutes: only the web role checks clicks, a stale list must not
 * outlive its bound anywhere, and a Redis copy would add a shared secret-free cache for no gain at
 * one lookup per group per 5 minutes (Tier 2 allows 20 a minute). Failures are not cached: the
 * next click asks again, so a granted scope works at once.
 */
export function createSlackUserGroups(options: SlackUserGroupsOptions): UserGroups {
  const client =
    options.client ??
    new WebClient(options.botToken, {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      // A person waits on the answer: one quick retry, never Slack's 30-minute schedule.
      retryConfig: { retries: 1, maxTimeout: 1_000 },
      rejectRateLimitedCalls: true,
      timeout: 5_000,
    });
  const ttlMs = Math.min(options.ttlMs ?? GROUP_CACHE_MS, GROUP_CACHE_MS);
  const now = options.now ?? Date.now;
  const cached = new Map<string, { users: readonly string[]; until: number }>();
  const inFlight = new Map<string, Promise<GroupMembers>>();

  const fetchMembers = async (group: string): Promise<GroupMembers> => {
    try {
      const answer = await client.usergroups.users.list({ usergroup: group });
      const users = (answer.users ?? []).filter((user): user is string => typeof user === 'string');
      cached.delete(group);
      cached.set(group, { users, until: now() + ttlMs });
      if (cached.size > MAX_GROUPS) cached.delete(cached.keys().next().value as string);
      return { kind: 'members', users };
    } catch (error) {
      const reason = unreadableReason(group, error);
      options.logger.warn({ group, reason }, 'could not read a Slack user group named as approvers');
      return { kind: 'unreadable', reason };
    }
  };

  return {
    async members(group) {
      const hit = cached.get(group);
      if (hit && hit.until > now()) return { kind: 'members', users: hit.users };
      const pending = inFlight.get(group);
      if (pending) return pending;
      const lookup = fetchMembers(group).finally(() => inFlight.delete(group));
      inFlight.set(group, lookup);
      return lookup;
    },
  };
}
