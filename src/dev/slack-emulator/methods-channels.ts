/**
 * Channels the app makes and keeps: `conversations.create`, `invite`, `setTopic`, `archive`,
 * `list`, and `conversations.canvases.create`, with Slack's name rules, scopes and refusals.
 */
import { fail, type MethodHandler } from './method-context.js';
import { flag, int, jsonField, str } from './params.js';
import type { EmulatorStore } from './store.js';
import type { ChannelInfo, MethodAnswer } from './types.js';

export const CHANNEL_NAME_MAX = 80;
export const TOPIC_MAX = 250;
export const CANVAS_MARKDOWN_MAX = 1024 * 1024;

/** The scope a channel write needs: channels:manage for public channels, groups:write for private ones. */
function scopeProblem(store: EmulatorStore, isPrivate: boolean): MethodAnswer | undefined {
  const needed = isPrivate ? 'groups:write' : 'channels:manage';
  return store.missingScopes.has(needed) ? { ok: false, error: 'missing_scope', needed } : undefined;
}

/** Slack's refusal of a channel name, if it refuses it. */
export function channelNameProblem(name: string | undefined): string | undefined {
  if (name === undefined || name.trim() === '') return 'invalid_name_required';
  if (name.length > CHANNEL_NAME_MAX) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  if (!/[a-z0-9]/.test(name)) return 'invalid_name_punctuation';
  return undefined;
}

export function apiChannel(store: EmulatorStore, channel: ChannelInfo) {
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: !channel.isPrivate && channel.id.startsWith('C'),
    is_group: channel.id.startsWith('G'),
    is_im: channel.id.startsWith('D'),
    is_private: channel.isPrivate ?? !channel.id.startsWith('C'),
    is_archived: channel.archived,
    is_member: true,
    created: channel.created,
    creator: channel.creator ?? store.identity.botUserId,
    topic: { value: channel.topic ?? '', creator: '', last_set: 0 },
    num_members: channel.members?.length ?? 0,
  };
}

const create: MethodHandler = ({ params, store }) => {
  const isPrivate = flag(params, 'is_private') ?? false;
  const refused = scopeProblem(store, isPrivate);
  if (refused) return refused;
  const name = str(params, 'name');
  const problem = channelNameProblem(name);
  if (problem || name === undefined) return fail(problem ?? 'invalid_name_required');
  if ([...store.channels.values()].some((channel) => channel.name === name)) return fail('name_taken');
  const channel = store.createChannel(name, { isPrivate, creator: store.identity.botUserId });
  return { ok: true, channel: apiChannel(store, channel) };
};

/** The channel a write names, or Slack's refusal: unknown, archived, or a scope not granted. */
function writable(store: EmulatorStore, id: string | undefined): ChannelInfo | MethodAnswer {
  const channel = store.channel(id ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const refused = scopeProblem(store, channel.isPrivate ?? !channel.id.startsWith('C'));
  if (refused) return refused;
  if (channel.archived) return fail('is_archived');
  return channel;
}

const isAnswer = (value: ChannelInfo | MethodAnswer): value is MethodAnswer => 'ok' in value;

const invite: MethodHandler = ({ params, store }) => {
  const channel = writable(store, str(params, 'channel'));
  if (isAnswer(channel)) return channel;
  const users = (str(params, 'users') ?? '')
    .split(',')
    .map((user) => user.trim())
    .filter(Boolean);
  if (users.length === 0) return fail('no_user');
  const force = flag(params, 'force') ?? false;
  const members = new Set(channel.members ?? []);
  const errors: Array<{ user: string; ok: false; error: string }> = [];
  const problemOf = (user: string) => {
    if (user === store.identity.botUserId) return 'cant_invite_self';
    if (store.user(user) === undefined) return 'user_not_found';
    return members.has(user) ? 'already_in_channel' : undefined;
  };
  for (const user of users) {
    const problem = problemOf(user);
    if (problem) errors.push({ user, ok: false, error: problem });
  }
  const first = errors[0];
  if (first && (!force || errors.length === users.length)) return { ok: false, error: first.error, errors };
  for (const user of users) if (!errors.some((error) => error.user === user)) members.add(user);
  channel.members = [...members];
  return { ok: true, channel: apiChannel(store, channel), ...(errors.length > 0 ? { errors } : {}) };
};

const setTopic: MethodHandler = ({ params, store }) => {
  const channel = writable(store, str(params, 'channel'));
  if (isAnswer(channel)) return channel;
  const topic = str(params, 'topic') ?? '';
  if (topic.length > TOPIC_MAX) return fail('too_long');
  channel.topic = topic;
  channel.topicHistory = [...(channel.topicHistory ?? []), topic];
  return { ok: true, channel: apiChannel(store, channel) };
};

const archive: MethodHandler = ({ params, store }) => {
  const channel = store.channel(str(params, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const refused = scopeProblem(store, channel.isPrivate ?? !channel.id.startsWith('C'));
  if (refused) return refused;
  if (channel.archived) return fail('already_archived');
  channel.archived = true;
  return { ok: true };
};

const CURSOR = 'channels:';

const list: MethodHandler = ({ params, store }) => {
  const types = (str(params, 'types') ?? 'public_channel').split(',');
  const excludeArchived = flag(params, 'exclude_archived') ?? false;
  const all = [...store.channels.values()].filter((channel) => {
    const isPrivate = channel.isPrivate ?? !channel.id.startsWith('C');
    if (channel.id.startsWith('D')) return false;
    if (excludeArchived && channel.archived) return false;
    return types.includes(isPrivate ? 'private_channel' : 'public_channel');
  });
  const cursor = str(params, 'cursor');
  const offset = cursor ? Number(Buffer.from(cursor, 'base64').toString('utf8').slice(CURSOR.length)) : 0;
  if (!Number.isInteger(offset) || offset < 0) return fail('invalid_cursor');
  const limit = Math.min(Math.max(int(params, 'limit') ?? 100, 1), 1000);
  const more = offset + limit < all.length;
  return {
    ok: true,
    channels: all.slice(offset, offset + limit).map((channel) => apiChannel(store, channel)),
    response_metadata: {
      next_cursor: more ? Buffer.from(`${CURSOR}${offset + limit}`).toString('base64') : '',
    },
  };
};

const createCanvas: MethodHandler = ({ params, store }) => {
  if (store.missingScopes.has('canvases:write'))
    return { ok: false, error: 'missing_scope', needed: 'canvases:write' };
  const channel = store.channel(str(params, 'channel_id') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  if (channel.archived) return fail('is_archived');
  const content = jsonField(params, 'document_content');
  const document =
    content.present && 'value' in content
      ? (content.value as { type?: unknown; markdown?: unknown })
      : undefined;
  if (content.present && !document) return fail('invalid_arguments');
  if (document && (document.type !== 'markdown' || typeof document.markdown !== 'string'))
    return fail('invalid_arguments', ['document_content must be {type: "markdown", markdown: string}']);
  const markdown = typeof document?.markdown === 'string' ? document.markdown : '';
  if (Buffer.byteLength(markdown) > CANVAS_MARKDOWN_MAX) return fail('canvas_too_large');
  if (channel.canvas) return fail('channel_canvas_already_exists');
  channel.canvas = { id: store.nextId('F'), markdown };
  return { ok: true, canvas_id: channel.canvas.id };
};

export const channelMethods: Record<string, MethodHandler> = {
  'conversations.create': create,
  'conversations.invite': invite,
  'conversations.setTopic': setTopic,
  'conversations.archive': archive,
  'conversations.list': list,
  'conversations.canvases.create': createCanvas,
};
