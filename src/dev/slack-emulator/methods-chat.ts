/** `chat.postMessage`, `chat.update`, `chat.postEphemeral`, `chat.delete`. */

import { POST_TEXT_LIMIT, readMessageContent, UPDATE_TEXT_LIMIT } from './message-content.js';
import { toApiMessage } from './message-shape.js';
import { fail, type MethodHandler } from './method-context.js';
import { flag, str } from './params.js';
import { isUserId } from './store.js';

/** Posting to a user id opens (here: names) the DM channel with that user, as Slack does. */
export function postTarget(channel: string): string {
  return isUserId(channel) ? `D${channel.slice(1)}` : channel;
}

const postMessage: MethodHandler = ({ params, store }) => {
  const channel = store.channel(postTarget(str(params, 'channel') ?? ''));
  if (channel === undefined) return fail('channel_not_found');
  if (channel.archived) return fail('is_archived');
  const read = readMessageContent(params, POST_TEXT_LIMIT);
  if (!read.ok) return read.answer;
  const { text, blocks, attachments, metadata } = read.content;
  const message = store.addMessage({
    channel: channel.id,
    user: store.identity.botUserId,
    fromBot: true,
    text: text ?? '',
    blocks,
    attachments,
    metadata,
    threadTs: str(params, 'thread_ts'),
    replyBroadcast: flag(params, 'reply_broadcast') ?? false,
    unfurlLinks: flag(params, 'unfurl_links'),
    unfurlMedia: flag(params, 'unfurl_media'),
  });
  return { ok: true, channel: channel.id, ts: message.ts, message: toApiMessage(store, message, true) };
};

const update: MethodHandler = ({ params, store }) => {
  const channel = store.channel(str(params, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const message = store.liveMessage(channel.id, str(params, 'ts') ?? '');
  if (message === undefined) return fail('message_not_found');
  if (!message.fromBot) return fail('cant_update_message');
  if (channel.archived) return fail('is_archived');
  const read = readMessageContent(params, UPDATE_TEXT_LIMIT);
  if (!read.ok) return read.answer;
  const { text, blocks, attachments, metadata } = read.content;
  message.text = text ?? '';
  if (blocks !== undefined) message.blocks = blocks.length > 0 ? blocks : undefined;
  if (attachments !== undefined) message.attachments = attachments.length > 0 ? attachments : undefined;
  if (metadata !== undefined) message.metadata = metadata;
  message.edits.push({ text: message.text, blocks: message.blocks, at: store.now() });
  return {
    ok: true,
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: toApiMessage(store, message, true),
  };
};

const postEphemeral: MethodHandler = ({ params, store }) => {
  const channel = store.channel(str(params, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const user = str(params, 'user');
  if (user === undefined || !isUserId(user)) return fail('user_not_found');
  if (channel.archived) return fail('is_archived');
  const read = readMessageContent(params, POST_TEXT_LIMIT);
  if (!read.ok) return read.answer;
  const messageTs = store.clock.next();
  store.ephemerals.push({
    channel: channel.id,
    user,
    text: read.content.text ?? '',
    blocks: read.content.blocks,
    threadTs: str(params, 'thread_ts'),
    messageTs,
    via: 'chat.postEphemeral',
    at: store.now(),
  });
  return { ok: true, message_ts: messageTs };
};

const remove: MethodHandler = ({ params, store }) => {
  const channel = store.channel(str(params, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const message = store.liveMessage(channel.id, str(params, 'ts') ?? '');
  if (message === undefined) return fail('message_not_found');
  if (!message.fromBot) return fail('cant_delete_message');
  message.deleted = true;
  return { ok: true, channel: channel.id, ts: message.ts };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.delete': remove,
};
