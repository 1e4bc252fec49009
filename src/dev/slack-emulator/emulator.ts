/** `startSlackEmulator`: a local Slack Web API on 127.0.0.1 with inspection and fault helpers. */
import type { Server } from 'node:http';
import { type FaultKind, FaultPlan } from './faults.js';
import { toApiMessage } from './message-shape.js';
import { endStream } from './methods-stream.js';
import { TokenBucketLimiter } from './rate-limit.js';
import { RESPONSE_PATH } from './response-url.js';
import { listen } from './server.js';
import { SlackClock } from './slack-clock.js';
import { type SocketModeServer, startSocketMode } from './socket-mode.js';
import { type EmulatorIdentity, EmulatorStore } from './store.js';
import type {
  CallRecord,
  ChannelInfo,
  EphemeralRecord,
  JsonObject,
  ReactionRecord,
  ResponseUrlPost,
  StatusLineRecord,
  StoredFile,
  StoredMessage,
  StoredView,
  SyntheticUser,
  ViewRecord,
} from './types.js';

export interface SlackEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** `chat.postMessage` bucket capacity per channel (default 3). */
  postBurst?: number;
  /** Tokens added per second to each channel's bucket (default 1). */
  postRefillPerSec?: number;
  /**
   * `chat.update` is Tier 3 (50+ per minute per workspace, short bursts tolerated): with this set,
   * one workspace-wide bucket of `burst` refilled at `perMinute` answers 429 when empty. Unset
   * (default): updates are not limited.
   */
  updateLimit?: { burst: number; perMinute: number };
  /** The only token accepted; by default any `xox?-…` token is. */
  botToken?: string;
  /** Kept for the driver's convenience (`emulator.signingSecret`). */
  signingSecret?: string;
  /** The app's base URL, kept for the driver's convenience. */
  appRequestUrl?: string;
  /** Clock in ms (default `Date.now`): drives ts values, trigger and response_url expiry, buckets. */
  now?: () => number;
  identity?: Partial<EmulatorIdentity>;
  /** Slack user groups (`S…`) and their members, for `usergroups.users.list`. */
  userGroups?: Readonly<Record<string, readonly string[]>>;
}

export interface UserMessageInput {
  channel: string;
  user: string;
  text: string;
  threadTs?: string;
}

export const DEFAULT_IDENTITY: EmulatorIdentity = {
  teamId: 'T0WARROOM',
  teamName: 'Warroom Dev',
  teamDomain: 'warroom-dev',
  botUserId: 'U0WARBOT',
  botId: 'B0WARBOT',
  botName: 'warroom',
  appId: 'A0WARROOM',
};

function clone<T>(value: T): T {
  return structuredClone(value);
}

export class SlackEmulator {
  /** Web API base ending in `/api/`, for `new WebClient(token, { slackApiUrl })`. */
  readonly url: string;

  constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:port` */
    readonly origin: string,
    private readonly store: EmulatorStore,
    private readonly faults: FaultPlan,
    private readonly limiters: readonly TokenBucketLimiter[],
    readonly options: SlackEmulatorOptions,
    /** Socket Mode: `apps.connections.open` with an `xapp-` token hands out this server's URL. */
    readonly socketMode: SocketModeServer,
  ) {
    this.url = `${origin}/api/`;
  }

  get identity(): EmulatorIdentity {
    return this.store.identity;
  }

  async close(): Promise<void> {
    await this.socketMode.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Forgets everything recorded and queued (messages, views, calls, faults, buckets...). */
  reset(): void {
    this.store.reset();
    this.faults.reset();
    for (const limiter of this.limiters) limiter.reset();
  }

  // --- inspection -------------------------------------------------------------------------------

  /** Channel-level messages, oldest first (roots and broadcast replies; deleted ones left out). */
  messages(channel: string): StoredMessage[] {
    return clone(this.store.topLevel(channel));
  }

  /** Replies in a thread, oldest first, root excluded. */
  thread(channel: string, threadTs: string): StoredMessage[] {
    return clone(this.store.replies(channel, threadTs));
  }

  /** One message with its `original` content and `edits`; deleted ones have `deleted: true`. */
  message(channel: string, ts: string): StoredMessage | undefined {
    const found = this.store.findMessage(channel, ts);
    return found ? clone(found) : undefined;
  }

  /** The message as the Web API would return it (with metadata), e.g. for block_actions payloads. */
  apiMessage(channel: string, ts: string): JsonObject | undefined {
    const found = this.store.liveMessage(channel, ts);
    return found ? clone(toApiMessage(this.store, found, true)) : undefined;
  }

  calls(method?: string): CallRecord[] {
    return clone(method ? this.store.calls.filter((c) => c.method === method) : this.store.calls);
  }

  ephemerals(channel?: string): EphemeralRecord[] {
    return clone(
      channel ? this.store.ephemerals.filter((e) => e.channel === channel) : this.store.ephemerals,
    );
  }

  views(): ViewRecord[] {
    return clone(this.store.viewRecords);
  }

  view(viewId: string): StoredView | undefined {
    const found = this.store.views.get(viewId);
    return found ? clone(found) : undefined;
  }

  homeView(userId: string): StoredView | undefined {
    return this.view(this.store.homeViewByUser.get(userId) ?? '');
  }

  responseUrlPosts(): ResponseUrlPost[] {
    return clone(this.store.responseUrlPosts);
  }

  reactions(): ReactionRecord[] {
    return clone(this.store.reactions);
  }

  /** Uploaded files, bytes included (`bytes` is a Buffer once uploaded). */
  files(): StoredFile[] {
    return [...this.store.files.values()].map((f) => ({ ...f }));
  }

  /** `chat.postMessage` calls refused with 429 by the per-channel posting limit. */
  rateLimitedByPostingLimit(): number {
    return this.store.rateLimitedByPostingLimit;
  }

  /** `chat.update` calls refused with 429 by `updateLimit`. */
  rateLimitedByUpdateLimit(): number {
    return this.store.rateLimitedByUpdateLimit;
  }

  /** Every channel the workspace knows, oldest first: members, topic and canvas included. */
  channels(): ChannelInfo[] {
    return clone([...this.store.channels.values()]);
  }

  channelInfo(channel: string): ChannelInfo | undefined {
    const found = this.store.channels.get(channel);
    return found ? clone(found) : undefined;
  }

  channelName(channel: string): string {
    return this.store.channel(channel)?.name ?? channel.toLowerCase();
  }

  user(userId: string): SyntheticUser | undefined {
    return this.store.user(userId);
  }

  // --- setup and faults -------------------------------------------------------------------------

  /** After this, posts and updates in the channel fail with `is_archived`. */
  archive(channel: string): void {
    const found = this.store.channel(channel);
    if (found) found.archived = true;
  }

  /** A channel someone else made (e.g. to take a name); returns its id. */
  addChannel(name: string, options: { isPrivate?: boolean; creator?: string } = {}): string {
    return this.store.createChannel(name, { creator: 'U0SOMEONE', ...options }).id;
  }

  setChannelName(channel: string, name: string): void {
    const found = this.store.channel(channel);
    if (found) found.name = name;
  }

  setUser(user: SyntheticUser): void {
    this.store.users.set(user.id, { ...user });
  }

  /** Seeds (or replaces) a user group's members for `usergroups.users.list`. */
  setUserGroup(groupId: string, members: readonly string[]): void {
    this.store.userGroups.set(groupId, [...members]);
  }

  /** Takes a bot scope away (`granted: false`) or gives it back: methods needing it answer `missing_scope`. */
  setScope(scope: string, granted: boolean): void {
    if (granted) this.store.missingScopes.delete(scope);
    else this.store.missingScopes.add(scope);
  }

  /** A message written by a human (for threads the app reads back); returns its ts. */
  postAsUser(input: UserMessageInput): string {
    if (this.store.channel(input.channel) === undefined) throw new Error(`unknown channel ${input.channel}`);
    return this.store.addMessage({
      channel: input.channel,
      user: input.user,
      fromBot: false,
      text: input.text,
      threadTs: input.threadTs,
    }).ts;
  }

  /** The next `n` calls of `method` (or `'*'`) get this fault instead of (or after) being carried out. */
  failNext(method: string, n: number, kind: FaultKind): void {
    this.faults.failNext(method, n, kind);
  }

  /**
   * Streams: with an error, every `chat.startStream` is refused with it (undefined: streams start
   * again). `expireStreams` ends every open stream as Slack does after about 5 minutes, so the next
   * append or stop gets `message_not_in_streaming_state`.
   */
  refuseStreams(error: string | undefined): void {
    this.store.streamRefusal = error;
  }

  /** From now on every stream expires once it took `appends` appends (0: right after its start); undefined: never. */
  expireStreamsAfter(appends: number | undefined): void {
    this.store.streamExpiresAfterAppends = appends;
  }

  expireStreams(): number {
    let ended = 0;
    for (const messages of this.store.messagesByChannel.values()) {
      for (const message of messages) {
        if (message.stream?.live) {
          endStream(message, 'expired');
          ended += 1;
        }
      }
    }
    return ended;
  }

  /** Every `assistant.threads.setStatus` the thread got, oldest first; the last one is what shows. */
  statusLines(channel?: string, threadTs?: string): StatusLineRecord[] {
    return clone(
      this.store.statusLines.filter(
        (line) => (!channel || line.channel === channel) && (!threadTs || line.threadTs === threadTs),
      ),
    );
  }

  /** The next call(s) of `method` are carried out, then answered after `ms`. */
  delayNext(method: string, ms: number, n = 1): void {
    this.faults.delayNext(method, ms, n);
  }

  // --- grants handed to the driver --------------------------------------------------------------

  /** A trigger_id `views.open`/`views.push` accept once, within 3 s. */
  issueTriggerId(userId: string): string {
    return this.store.issueTrigger(userId);
  }

  /** A response_url good for 5 posts in 30 minutes; `messageTs` is the message it may replace. */
  responseUrl(channel: string, user: string, messageTs?: string): string {
    return `${this.origin}${RESPONSE_PATH}${this.store.grantResponseUrl(channel, user, messageTs)}`;
  }
}

export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const now = options.now ?? Date.now;
  const store = new EmulatorStore({ ...DEFAULT_IDENTITY, ...options.identity }, new SlackClock(now), now);
  const faults = new FaultPlan();
  const limiter = new TokenBucketLimiter(options.postBurst ?? 3, options.postRefillPerSec ?? 1, now);
  const update = options.updateLimit;
  const updateLimiter = update && new TokenBucketLimiter(update.burst, update.perMinute / 60, now);
  const { server, origin } = await listen(
    { store, faults, postingLimiter: limiter, updateLimiter, botToken: options.botToken },
    options.port ?? 0,
  );
  const socketMode = await startSocketMode({ origin, identity: store.identity });
  for (const [group, members] of Object.entries(options.userGroups ?? {}))
    store.userGroups.set(group, [...members]);
  const limiters = updateLimiter ? [limiter, updateLimiter] : [limiter];
  return new SlackEmulator(server, origin, store, faults, limiters, options, socketMode);
}
