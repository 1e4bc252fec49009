/** Stored messages and views rendered the way the Web API returns them. */
import type { EmulatorStore } from './store.js';
import type { JsonObject, StoredMessage, StoredView } from './types.js';

function editTs(at: number): string {
  return `${Math.floor(at / 1000)}.${String((at % 1000) * 1000).padStart(6, '0')}`;
}

function threadFields(store: EmulatorStore, message: StoredMessage): JsonObject {
  if (message.threadTs !== undefined && message.threadTs !== message.ts) {
    const root = store.findMessage(message.channel, message.threadTs);
    return { thread_ts: message.threadTs, ...(root ? { parent_user_id: root.user } : {}) };
  }
  const replies = store.replies(message.channel, message.ts);
  const last = replies.at(-1);
  if (last === undefined) return {};
  const users = [...new Set(replies.map((r) => r.user))];
  return {
    thread_ts: message.ts,
    reply_count: replies.length,
    reply_users_count: users.length,
    reply_users: users,
    latest_reply: last.ts,
    is_locked: false,
    subscribed: false,
  };
}

/** A message as `conversations.history` / `chat.postMessage` return it. */
export function toApiMessage(
  store: EmulatorStore,
  message: StoredMessage,
  includeMetadata: boolean,
): JsonObject {
  const { identity } = store;
  const lastEdit = message.edits.at(-1);
  return {
    type: 'message',
    ...(message.replyBroadcast ? { subtype: 'thread_broadcast' } : {}),
    user: message.user,
    ...(message.fromBot ? { bot_id: identity.botId, app_id: identity.appId } : {}),
    text: message.text,
    ts: message.ts,
    team: identity.teamId,
    ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
    ...(message.attachments !== undefined ? { attachments: message.attachments } : {}),
    ...(message.files !== undefined ? { files: message.files, upload: true } : {}),
    ...threadFields(store, message),
    ...(lastEdit !== undefined ? { edited: { user: message.user, ts: editTs(lastEdit.at) } } : {}),
    ...(message.reactions.length > 0
      ? { reactions: message.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length })) }
      : {}),
    ...(includeMetadata && message.metadata !== undefined ? { metadata: message.metadata } : {}),
    ...(message.fromBot
      ? {
          bot_profile: {
            id: identity.botId,
            app_id: identity.appId,
            name: identity.botName,
            team_id: identity.teamId,
          },
        }
      : {}),
  };
}

/** A view as `views.*` return it. */
export function toApiView(store: EmulatorStore, stored: StoredView): JsonObject {
  const { identity } = store;
  const v = stored.view;
  return {
    id: stored.id,
    team_id: identity.teamId,
    type: stored.type,
    blocks: v.blocks ?? [],
    private_metadata: v.private_metadata ?? '',
    callback_id: v.callback_id ?? '',
    state: { values: {} },
    hash: stored.hash,
    title: v.title ?? null,
    clear_on_close: v.clear_on_close ?? false,
    notify_on_close: v.notify_on_close ?? false,
    close: v.close ?? null,
    submit: v.submit ?? null,
    previous_view_id: stored.previousViewId ?? null,
    root_view_id: stored.rootViewId,
    app_id: identity.appId,
    external_id: stored.externalId ?? '',
    app_installed_team_id: identity.teamId,
    bot_id: identity.botId,
  };
}
