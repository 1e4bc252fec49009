/** `auth.test`, `api.test`, `users.info`, `usergroups.users.list`, `reactions.add`. */
import { fail, type MethodHandler } from './method-context.js';
import { str } from './params.js';

const authTest: MethodHandler = ({ store }) => {
  const { identity } = store;
  return {
    ok: true,
    url: `https://${identity.teamDomain}.slack.com/`,
    team: identity.teamName,
    user: identity.botName,
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  };
};

const usersInfo: MethodHandler = ({ params, store }) => {
  const user = store.user(str(params, 'user') ?? '');
  if (user === undefined) return fail('user_not_found');
  const isBot = user.id === store.identity.botUserId;
  return {
    ok: true,
    user: {
      id: user.id,
      team_id: store.identity.teamId,
      name: user.name,
      deleted: false,
      real_name: user.real_name,
      tz: 'Etc/UTC',
      tz_label: 'Coordinated Universal Time',
      tz_offset: 0,
      is_admin: false,
      is_owner: false,
      is_bot: isBot,
      is_app_user: false,
      profile: {
        real_name: user.real_name,
        real_name_normalized: user.real_name,
        display_name: user.name,
        display_name_normalized: user.name,
        team: store.identity.teamId,
        ...(isBot ? { bot_id: store.identity.botId } : {}),
      },
    },
  };
};

const USERGROUPS_SCOPE = 'usergroups:read';

/** Members of a seeded user group; `missing_scope` (with `needed`) when the scope was taken away. */
const usergroupsUsersList: MethodHandler = ({ params, store }) => {
  if (store.missingScopes.has(USERGROUPS_SCOPE))
    return { ok: false, error: 'missing_scope', needed: USERGROUPS_SCOPE, provided: 'chat:write,commands' };
  const group = str(params, 'usergroup');
  if (group === undefined || group === '') return fail('invalid_arguments');
  const users = store.userGroups.get(group);
  if (users === undefined) return fail('no_such_subteam');
  return { ok: true, users: [...users] };
};

const reactionsAdd: MethodHandler = ({ params, store }) => {
  const channel = store.channel(str(params, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const name = (str(params, 'name') ?? '').replace(/^:|:$/g, '');
  if (!/^[a-z0-9_+'-]+$/.test(name)) return fail('invalid_name');
  const message = store.liveMessage(channel.id, str(params, 'timestamp') ?? '');
  if (message === undefined) return fail('message_not_found');
  if (channel.archived) return fail('is_archived');
  const user = store.identity.botUserId;
  let reaction = message.reactions.find((r) => r.name === name);
  if (reaction?.users.includes(user)) return fail('already_reacted');
  if (reaction === undefined) {
    reaction = { name, users: [] };
    message.reactions.push(reaction);
  }
  reaction.users.push(user);
  store.reactions.push({ channel: channel.id, ts: message.ts, name, user, at: store.now() });
  return { ok: true };
};

export const miscMethods: Record<string, MethodHandler> = {
  'api.test': ({ params }) => ({ ok: true, args: params }),
  'auth.test': authTest,
  'users.info': usersInfo,
  'usergroups.users.list': usergroupsUsersList,
  'reactions.add': reactionsAdd,
};
