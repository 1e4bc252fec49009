/** All state the emulator keeps: channels, messages, views, files, grants and the call log. */
import { randomBytes } from 'node:crypto';
import type { SlackClock } from './slack-clock.js';
import type {
  CallRecord,
  ChannelInfo,
  EphemeralRecord,
  MessageMetadata,
  ReactionRecord,
  ResponseUrlPost,
  StatusLineRecord,
  StoredFile,
  StoredFileRef,
  StoredMessage,
  StoredView,
  SyntheticUser,
  ViewRecord,
} from './types.js';

export interface EmulatorIdentity {
  teamId: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  botName: string;
  appId: string;
}

export interface NewMessage {
  channel: string;
  user: string;
  fromBot: boolean;
  text: string;
  blocks?: unknown[] | undefined;
  attachments?: unknown[] | undefined;
  metadata?: MessageMetadata | undefined;
  threadTs?: string | undefined;
  replyBroadcast?: boolean;
  unfurlLinks?: boolean | undefined;
  unfurlMedia?: boolean | undefined;
  files?: StoredFileRef[] | undefined;
}

interface TriggerGrant {
  user: string;
  issuedAt: number;
  used: boolean;
}

export interface ResponseUrlGrant {
  channel: string;
  user: string;
  messageTs: string | undefined;
  createdAt: number;
  uses: number;
}

export const TRIGGER_TTL_MS = 3000;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
export const RESPONSE_URL_MAX_USES = 5;

export type TriggerCheck = { ok: true; user: string } | { ok: false; error: string };

/** Channel ids Slack would know: public (C), private (G) and direct (D) conversations. */
export function isChannelId(id: string): boolean {
  return /^[CGD][A-Z0-9]+$/.test(id);
}

export function isUserId(id: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(id);
}

export class EmulatorStore {
  readonly channels = new Map<string, ChannelInfo>();
  readonly messagesByChannel = new Map<string, StoredMessage[]>();
  readonly views = new Map<string, StoredView>();
  readonly homeViewByUser = new Map<string, string>();
  readonly modalStackByUser = new Map<string, string[]>();
  readonly files = new Map<string, StoredFile>();
  readonly users = new Map<string, SyntheticUser>();
  /** Slack user groups (`S…`) and their members, as a test seeds them. */
  readonly userGroups = new Map<string, string[]>();
  /** Bot scopes the app was not granted: methods that need one answer `missing_scope`. */
  readonly missingScopes = new Set<string>();
  readonly triggers = new Map<string, TriggerGrant>();
  readonly responseUrls = new Map<string, ResponseUrlGrant>();
  ephemerals: EphemeralRecord[] = [];
  viewRecords: ViewRecord[] = [];
  reactions: ReactionRecord[] = [];
  calls: CallRecord[] = [];
  responseUrlPosts: ResponseUrlPost[] = [];
  statusLines: StatusLineRecord[] = [];
  /** Set by a test: `chat.startStream` answers this error instead of streaming. */
  streamRefusal: string | undefined;
  /** Set by a test: every stream expires once it took this many appends (0: right after its start). */
  streamExpiresAfterAppends: number | undefined;
  rateLimitedByPostingLimit = 0;
  rateLimitedByUpdateLimit = 0;
  private seq = 0;

  constructor(
    readonly identity: EmulatorIdentity,
    readonly clock: SlackClock,
    readonly now: () => number,
  ) {}

  /** A new id like Slack's (`V0A1B2C3D`) with the given one-letter prefix. */
  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}0${this.seq.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  /** The channel, created on first use; `undefined` for ids Slack would not know. */
  channel(id: string): ChannelInfo | undefined {
    if (!isChannelId(id)) return undefined;
    let channel = this.channels.get(id);
    if (channel === undefined) {
      channel = {
        id,
        name: `chan-${id.toLowerCase()}`,
        archived: false,
        created: Math.floor(this.now() / 1000),
      };
      this.channels.set(id, channel);
    }
    return channel;
  }

  /** A channel made by `conversations.create` (or a test), with a fresh id. */
  createChannel(name: string, options: { isPrivate?: boolean; creator?: string } = {}): ChannelInfo {
    const channel: ChannelInfo = {
      id: this.nextId('C'),
      name,
      archived: false,
      created: Math.floor(this.now() / 1000),
      isPrivate: options.isPrivate ?? false,
      ...(options.creator ? { creator: options.creator, members: [options.creator] } : { members: [] }),
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  addMessage(input: NewMessage): StoredMessage {
    const ts = this.clock.next();
    const at = this.now();
    const threadRootMissing =
      input.threadTs !== undefined && this.findMessage(input.channel, input.threadTs) === undefined;
    const message: StoredMessage = {
      channel: input.channel,
      ts,
      threadTs: input.threadTs,
      user: input.user,
      fromBot: input.fromBot,
      text: input.text,
      blocks: input.blocks,
      attachments: input.attachments,
      metadata: input.metadata,
      replyBroadcast: input.replyBroadcast ?? false,
      unfurlLinks: input.unfurlLinks,
      unfurlMedia: input.unfurlMedia,
      files: input.files,
      threadRootMissing,
      reactions: [],
      original: { text: input.text, blocks: input.blocks, at },
      edits: [],
      deleted: false,
      postedAt: at,
    };
    const list = this.messagesByChannel.get(input.channel) ?? [];
    list.push(message);
    this.messagesByChannel.set(input.channel, list);
    return message;
  }

  /** Any message with this ts in the channel, deleted ones included. */
  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messagesByChannel.get(channel)?.find((m) => m.ts === ts);
  }

  liveMessage(channel: string, ts: string): StoredMessage | undefined {
    const message = this.findMessage(channel, ts);
    return message?.deleted ? undefined : message;
  }

  /** Channel-level messages, oldest first: roots and broadcast replies. */
  topLevel(channel: string): StoredMessage[] {
    const list = this.messagesByChannel.get(channel) ?? [];
    return list.filter((m) => !m.deleted && (m.threadTs === undefined || m.replyBroadcast));
  }

  replies(channel: string, threadTs: string): StoredMessage[] {
    const list = this.messagesByChannel.get(channel) ?? [];
    return list.filter((m) => !m.deleted && m.threadTs === threadTs && m.ts !== threadTs);
  }

  user(id: string): SyntheticUser | undefined {
    if (!isUserId(id)) return undefined;
    const known = this.users.get(id);
    if (known !== undefined) return known;
    if (id === this.identity.botUserId) return { id, name: this.identity.botName, real_name: 'Warroom' };
    const suffix = id.slice(1).toLowerCase();
    return { id, name: `user.${suffix}`, real_name: `User ${id.slice(1)}` };
  }

  issueTrigger(user: string): string {
    const seconds = Math.floor(this.now() / 1000);
    const id = `${seconds}.${this.seq + 1000}.${randomBytes(10).toString('hex')}`;
    this.seq += 1;
    this.triggers.set(id, { user, issuedAt: this.now(), used: false });
    return id;
  }

  /** Uses a trigger_id once, within 3 s of issue, as Slack allows. */
  redeemTrigger(id: string): TriggerCheck {
    const grant = this.triggers.get(id);
    if (grant === undefined) return { ok: false, error: 'invalid_trigger_id' };
    if (grant.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.now() - grant.issuedAt > TRIGGER_TTL_MS) return { ok: false, error: 'expired_trigger_id' };
    grant.used = true;
    return { ok: true, user: grant.user };
  }

  grantResponseUrl(channel: string, user: string, messageTs?: string): string {
    const id = randomBytes(12).toString('hex');
    this.responseUrls.set(id, { channel, user, messageTs, createdAt: this.now(), uses: 0 });
    return id;
  }

  newViewHash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(6).toString('hex')}`;
  }

  record(view: StoredView, action: ViewRecord['action']): void {
    this.viewRecords.push({ action, viewId: view.id, user: view.user, view: view.view, at: this.now() });
  }

  reset(): void {
    for (const map of [
      this.channels,
      this.messagesByChannel,
      this.views,
      this.homeViewByUser,
      this.modalStackByUser,
      this.files,
      this.users,
      this.userGroups,
      this.triggers,
      this.responseUrls,
    ]) {
      map.clear();
    }
    this.ephemerals = [];
    this.viewRecords = [];
    this.reactions = [];
    this.calls = [];
    this.responseUrlPosts = [];
    this.statusLines = [];
    this.streamRefusal = undefined;
    this.streamExpiresAfterAppends = undefined;
    this.rateLimitedByPostingLimit = 0;
    this.rateLimitedByUpdateLimit = 0;
    this.missingScopes.clear();
  }
}
