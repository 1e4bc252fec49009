/** What the playground page shows: one channel as one person sees it, read from the emulator. */
import { slackTs } from '../slack-driver/index.js';
import type { SlackEmulator, StoredMessage } from '../slack-emulator/index.js';
import type { ModalTracker } from './modal-tracker.js';
import type { FeedEphemeral, FeedItem, FeedMessage, PlaygroundState } from './playground-contract.js';
import { playgroundChannels } from './playground-identity.js';

export type { FeedEphemeral, FeedItem, FeedMessage, PlaygroundState } from './playground-contract.js';

export interface VisibleEphemeral {
  channel: string;
  user: string;
  ts: string;
  threadTs: string | undefined;
  text: string;
  blocks: unknown[] | undefined;
}

/**
 * Replies an app gives in the HTTP answer to a slash command. Slack shows them to the sender only,
 * and they never reach the Web API, so the emulator cannot see them: the playground keeps them.
 */
export class AckReplies {
  private readonly replies: VisibleEphemeral[] = [];

  add(channel: string, user: string, body: unknown): void {
    const { text, blocks } = (body ?? {}) as { text?: unknown; blocks?: unknown };
    const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
    if (typeof text !== 'string' && !hasBlocks) return;
    this.replies.push({
      channel,
      user,
      ts: slackTs(Date.now()),
      threadTs: undefined,
      text: typeof text === 'string' ? text : '',
      blocks: hasBlocks ? blocks : undefined,
    });
  }

  for(channel: string, user: string): VisibleEphemeral[] {
    return this.replies.filter((reply) => reply.channel === channel && reply.user === user);
  }
}

/** Every ephemeral `user` was shown in `channel`: acks, `chat.postEphemeral` and response_url posts. */
export function ephemeralsFor(
  emulator: SlackEmulator,
  acks: AckReplies,
  channel: string,
  user: string,
): VisibleEphemeral[] {
  const fromSlack = emulator
    .ephemerals(channel)
    .filter((record) => record.user === user)
    .map((record) => ({ ...record, ts: record.messageTs }));
  return [...fromSlack, ...acks.for(channel, user)];
}

const byTs = (a: { ts: string }, b: { ts: string }) => Number(a.ts) - Number(b.ts);

function toFeedMessage(message: StoredMessage, replies: FeedItem[], statusLine?: string): FeedMessage {
  return {
    kind: 'message',
    ts: message.ts,
    user: message.user,
    fromBot: message.fromBot,
    text: message.text,
    blocks: message.blocks,
    edited: message.edits.length > 0 && !message.stream,
    streaming: message.stream?.live === true,
    ...(statusLine ? { statusLine } : {}),
    replies,
  };
}

/** The thread's status line as it shows now: the last one set, unless that cleared it. */
function statusLineOf(emulator: SlackEmulator, channel: string, threadTs: string): string | undefined {
  return emulator.statusLines(channel, threadTs).at(-1)?.status || undefined;
}

function toFeedEphemeral(ephemeral: VisibleEphemeral): FeedEphemeral {
  return { kind: 'ephemeral', ts: ephemeral.ts, text: ephemeral.text, blocks: ephemeral.blocks };
}

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

function userNames(emulator: SlackEmulator, feed: FeedItem[], me: string): Record<string, string> {
  const ids = new Set<string>([me]);
  for (const match of JSON.stringify(feed).matchAll(MENTION)) if (match[1]) ids.add(match[1]);
  const collect = (items: FeedItem[]) => {
    for (const item of items) {
      if (item.kind !== 'message') continue;
      ids.add(item.user);
      collect(item.replies);
    }
  };
  collect(feed);
  return Object.fromEntries([...ids].map((id) => [id, emulator.user(id)?.name ?? id]));
}

export function playgroundState(
  emulator: SlackEmulator,
  acks: AckReplies,
  modals: ModalTracker,
  viewer: { userId: string; channelId: string },
): PlaygroundState {
  const { userId, channelId } = viewer;
  const ephemerals = ephemeralsFor(emulator, acks, channelId, userId);
  const roots = emulator.messages(channelId);
  const rootTs = new Set(roots.map((root) => root.ts));
  const inThread = (threadTs: string) =>
    ephemerals.filter((ephemeral) => ephemeral.threadTs === threadTs).map(toFeedEphemeral);
  const feed: FeedItem[] = [
    ...roots.map((root) =>
      toFeedMessage(
        root,
        [
          ...emulator.thread(channelId, root.ts).map((reply) => toFeedMessage(reply, [])),
          ...inThread(root.ts),
        ].sort(byTs),
        statusLineOf(emulator, channelId, root.ts),
      ),
    ),
    ...ephemerals
      .filter((ephemeral) => ephemeral.threadTs === undefined || !rootTs.has(ephemeral.threadTs))
      .map(toFeedEphemeral),
  ].sort(byTs);
  return {
    me: { id: userId, name: emulator.user(userId)?.name ?? userId },
    channel: {
      id: channelId,
      name: emulator.channelName(channelId),
      topic: emulator.channelInfo(channelId)?.topic ?? '',
    },
    channels: playgroundChannels(emulator),
    users: userNames(emulator, feed, userId),
    feed,
    modal: modals.top(userId) ?? null,
  };
}
