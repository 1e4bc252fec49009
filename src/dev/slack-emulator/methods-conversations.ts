/** `conversations.info`, `conversations.history`, `conversations.replies`, with Slack's cursor paging. */

import { toApiMessage } from './message-shape.js';
import { fail, type MethodHandler } from './method-context.js';
import { apiChannel } from './methods-channels.js';
import { flag, int, str } from './params.js';
import { compareTs } from './slack-clock.js';
import type { EmulatorStore } from './store.js';
import type { JsonObject, MethodAnswer, StoredMessage } from './types.js';

const CURSOR_PREFIX = 'offset:';

function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64');
}

function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return 0;
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX)) return undefined;
  const offset = Number.parseInt(decoded.slice(CURSOR_PREFIX.length), 10);
  return Number.isNaN(offset) || offset < 0 ? undefined : offset;
}

/** Keeps messages inside `oldest`/`latest` (exclusive unless `inclusive`). */
function inWindow(params: JsonObject): (m: StoredMessage) => boolean {
  const oldest = str(params, 'oldest');
  const latest = str(params, 'latest');
  const inclusive = flag(params, 'inclusive') ?? false;
  return (m) => {
    if (oldest !== undefined) {
      const c = compareTs(m.ts, oldest);
      if (c < 0 || (c === 0 && !inclusive)) return false;
    }
    if (latest !== undefined) {
      const c = compareTs(m.ts, latest);
      if (c > 0 || (c === 0 && !inclusive)) return false;
    }
    return true;
  };
}

function page(
  store: EmulatorStore,
  params: JsonObject,
  all: StoredMessage[],
  defaultLimit: number,
): MethodAnswer {
  const offset = decodeCursor(str(params, 'cursor'));
  if (offset === undefined) return fail('invalid_cursor');
  const limit = Math.min(Math.max(int(params, 'limit') ?? defaultLimit, 1), 999);
  const slice = all.slice(offset, offset + limit);
  const hasMore = offset + limit < all.length;
  const includeMetadata = flag(params, 'include_all_metadata') ?? false;
  return {
    ok: true,
    messages: slice.map((m) => toApiMessage(store, m, includeMetadata)),
    has_more: hasMore,
    response_metadata: { next_cursor: hasMore ? encodeCursor(offset + limit) : '' },
  };
}

const history: MethodHandler = ({ params, store }) => {
  const channel = store.channel(str(params, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const newestFirst = store.topLevel(channel.id).filter(inWindow(params)).reverse();
  return { ...page(store, params, newestFirst, 100), pin_count: 0 };
};

const replies: MethodHandler = ({ params, store }) => {
  const channel = store.channel(str(params, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const ts = str(params, 'ts');
  if (ts === undefined) return fail('invalid_arguments');
  const named = store.liveMessage(channel.id, ts);
  const rootTs = named?.threadTs ?? ts;
  const root = store.liveMessage(channel.id, rootTs);
  const thread = store.replies(channel.id, rootTs);
  if (root === undefined && thread.length === 0) return fail('thread_not_found');
  const all = [...(root ? [root] : []), ...thread].filter(inWindow(params));
  return page(store, params, all, 1000);
};

const info: MethodHandler = ({ params, store }) => {
  const channel = store.channel(str(params, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  return { ok: true, channel: apiChannel(store, channel) };
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.info': info,
};
