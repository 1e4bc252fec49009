/**
 * `response_url` endpoints: each grant takes 5 posts within 30 minutes. Ephemeral responses are
 * recorded for the user, `in_channel` ones become channel messages, and `replace_original` /
 * `delete_original` act on the message the interaction came from.
 */
import { POST_TEXT_LIMIT, readMessageContent } from './message-content.js';
import { flag, str } from './params.js';
import {
  type EmulatorStore,
  RESPONSE_URL_MAX_USES,
  RESPONSE_URL_TTL_MS,
  type ResponseUrlGrant,
} from './store.js';
import type { JsonObject } from './types.js';

export const RESPONSE_PATH = '/response/';

export interface ResponseUrlAnswer {
  status: number;
  body: JsonObject;
}

function grantProblem(store: EmulatorStore, grant: ResponseUrlGrant | undefined): string | undefined {
  if (grant === undefined) return 'invalid_url';
  if (store.now() - grant.createdAt > RESPONSE_URL_TTL_MS) return 'expired_url';
  if (grant.uses >= RESPONSE_URL_MAX_USES) return 'used_url';
  return undefined;
}

function apply(store: EmulatorStore, grant: ResponseUrlGrant, body: JsonObject): string | undefined {
  const original = grant.messageTs ? store.liveMessage(grant.channel, grant.messageTs) : undefined;
  if (flag(body, 'delete_original')) {
    if (original === undefined) return 'message_not_found';
    original.deleted = true;
    return undefined;
  }
  const read = readMessageContent(body, POST_TEXT_LIMIT);
  if (!read.ok) return read.answer.ok ? undefined : read.answer.error;
  const { text, blocks, attachments } = read.content;
  if (flag(body, 'replace_original') && original !== undefined) {
    original.text = text ?? '';
    original.blocks = blocks;
    if (attachments !== undefined) original.attachments = attachments;
    original.edits.push({ text: original.text, blocks, at: store.now() });
    return undefined;
  }
  const channel = store.channel(grant.channel);
  if (str(body, 'response_type') === 'in_channel') {
    if (channel === undefined) return 'channel_not_found';
    if (channel.archived) return 'is_archived';
    store.addMessage({
      channel: channel.id,
      user: store.identity.botUserId,
      fromBot: true,
      text: text ?? '',
      blocks,
      attachments,
      threadTs: str(body, 'thread_ts'),
    });
    return undefined;
  }
  store.ephemerals.push({
    channel: grant.channel,
    user: grant.user,
    text: text ?? '',
    blocks,
    threadTs: str(body, 'thread_ts'),
    messageTs: store.clock.next(),
    via: 'response_url',
    at: store.now(),
  });
  return undefined;
}

/** Handles one POST to `/response/{id}`; `body` is undefined when it was not valid JSON. */
export function handleResponseUrlPost(
  store: EmulatorStore,
  id: string,
  body: JsonObject | undefined,
): ResponseUrlAnswer {
  const grant = store.responseUrls.get(id);
  const problem = body === undefined ? 'invalid_json' : grantProblem(store, grant);
  let answer: ResponseUrlAnswer;
  if (problem !== undefined || grant === undefined || body === undefined) {
    const status = problem === 'invalid_json' ? 400 : 404;
    answer = { status, body: { ok: false, error: problem ?? 'invalid_url' } };
  } else {
    grant.uses += 1;
    const error = apply(store, grant, body);
    answer =
      error === undefined ? { status: 200, body: { ok: true } } : { status: 400, body: { ok: false, error } };
  }
  store.responseUrlPosts.push({
    id,
    channel: grant?.channel ?? '',
    user: grant?.user ?? '',
    body: body ?? {},
    at: store.now(),
    status: answer.status,
    ok: answer.status === 200,
    error: answer.body.ok ? undefined : String(answer.body.error),
  });
  return answer;
}
