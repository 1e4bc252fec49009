/** The Slack user-group adapter through the real Web API client against the local Slack emulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { createSlackUserGroups, GROUP_CACHE_MS } from '../../../src/slack/user-groups.js';
import { silentLogger } from '../../support/test-runtime.js';

let emulator: SlackEmulator;
beforeAll(async () => {
  emulator = await startSlackEmulator({ userGroups: { S0SRE: ['U0ONE', 'U0TWO'] } });
});
afterAll(async () => {
  await emulator.close();
});

const lookups = () => emulator.calls('usergroups.users.list').length;

describe('createSlackUserGroups', () => {
  it('reads members once and keeps them at most 5 minutes, whatever ttl is asked', async () => {
    let clock = 1_000_000;
    const groups = createSlackUserGroups({
      botToken: 'xoxb-test',
      apiUrl: emulator.url,
      logger: silentLogger(),
      ttlMs: 60 * 60_000,
      now: () => clock,
    });
    const before = lookups();
    const [first, second] = await Promise.all([groups.members('S0SRE'), groups.members('S0SRE')]);
    expect(first).toEqual({ kind: 'members', users: ['U0ONE', 'U0TWO'] });
    expect(second).toEqual(first);
    expect(lookups() - before).toBe(1);

    emulator.setUserGroup('S0SRE', ['U0THREE']);
    clock += GROUP_CACHE_MS - 1;
    expect(await groups.members('S0SRE')).toEqual({ kind: 'members', users: ['U0ONE', 'U0TWO'] });
    clock += 1;
    expect(await groups.members('S0SRE')).toEqual({ kind: 'members', users: ['U0THREE'] });
    expect(lookups() - before).toBe(2);
  });

  it('says why a group cannot be read, and asks again next time (a granted scope works at once)', async () => {
    const groups = createSlackUserGroups({
      botToken: 'xoxb-test',
      apiUrl: emulator.url,
      logger: silentLogger(),
    });
    expect(await groups.members('S0NOPE')).toEqual({
      kind: 'unreadable',
      reason: 'Slack knows no user group S0NOPE (no_such_subteam)',
    });
    emulator.setScope('usergroups:read', false);
    expect(await groups.members('S0SRE')).toEqual({
      kind: 'unreadable',
      reason: 'the app lacks the usergroups:read scope (Slack said missing_scope)',
    });
    emulator.setScope('usergroups:read', true);
    expect(await groups.members('S0SRE')).toMatchObject({ kind: 'members' });
  });
});
