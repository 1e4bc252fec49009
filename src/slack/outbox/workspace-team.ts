import type { SlackCaller } from './slack-calls.js';

const teams = new WeakMap<SlackCaller, Promise<string | undefined>>();

/**
 * The workspace's team id (`auth.test`, asked once per client): a stream in a channel names its
 * recipient's team, and the people who start incidents are members of the app's workspace. A failed
 * look-up is asked again next time, and until then nothing streams.
 */
export function workspaceTeam(deps: { slack: SlackCaller }): Promise<string | undefined> {
  const known = teams.get(deps.slack);
  if (known) return known;
  const asked = deps.slack
    .call<{ team_id?: string }>('auth.test', {})
    .then((answer) => answer.team_id)
    .catch(() => {
      teams.delete(deps.slack);
      return undefined;
    });
  teams.set(deps.slack, asked);
  return asked;
}
