/** Shapes shared by the Slack emulator's store, method handlers and inspection helpers. */

export type JsonObject = Record<string, unknown>;

/** What a method handler answers: a Slack body (always HTTP 200 unless a fault or limit says otherwise). */
export type MethodAnswer =
  | { ok: true; [key: string]: unknown }
  | { ok: false; error: string; [key: string]: unknown };

export interface MessageVersion {
  text: string;
  blocks: unknown[] | undefined;
  at: number;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: JsonObject;
}

export interface StoredFileRef {
  id: string;
  name: string;
  title: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  /** Set for replies (and for roots once they have replies, as Slack does). */
  threadTs: string | undefined;
  /** User id of the author: the bot user for API posts, a human for `postAsUser`. */
  user: string;
  fromBot: boolean;
  text: string;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  metadata: MessageMetadata | undefined;
  replyBroadcast: boolean;
  unfurlLinks: boolean | undefined;
  unfurlMedia: boolean | undefined;
  files: StoredFileRef[] | undefined;
  /** A reply whose `thread_ts` names no known message: Slack accepts it, the emulator flags it. */
  threadRootMissing: boolean;
  reactions: Array<{ name: string; users: string[] }>;
  original: MessageVersion;
  /** Every `chat.update` (or `replace_original`) applied, oldest first, with the new content. */
  edits: MessageVersion[];
  deleted: boolean;
  postedAt: number;
  /** Set while the message streams (`chat.startStream` until `chat.stopStream` or expiry). */
  stream?: StreamInfo | undefined;
}

export interface StreamInfo {
  recipientUser: string | undefined;
  recipientTeam: string | undefined;
  taskDisplayMode: string | undefined;
  startedAt: number;
  /** `chat.appendStream` calls it took. */
  appends: number;
  /** Every chunk received, in order, across start, appends and stop. */
  chunks: JsonObject[];
  /** False once stopped or expired: appends then fail with `message_not_in_streaming_state`. */
  live: boolean;
  /** How it ended: `stopped` by the app, or `expired` (Slack's ~5 minutes, or a test's switch). */
  ended?: 'stopped' | 'expired';
}

/** One `assistant.threads.setStatus` call as the thread shows it (an empty status clears the line). */
export interface StatusLineRecord {
  channel: string;
  threadTs: string;
  status: string;
  loadingMessages: string[];
  at: number;
}

export interface EphemeralRecord {
  channel: string;
  user: string;
  text: string;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  messageTs: string;
  via: 'chat.postEphemeral' | 'response_url';
  at: number;
}

export type ViewAction = 'opened' | 'updated' | 'pushed' | 'published';

export interface StoredView {
  id: string;
  externalId: string | undefined;
  hash: string;
  type: string;
  /** The user the view is shown to (trigger owner for modals, `user_id` for Home). */
  user: string | undefined;
  view: JsonObject;
  rootViewId: string;
  previousViewId: string | undefined;
}

export interface ViewRecord {
  action: ViewAction;
  viewId: string;
  user: string | undefined;
  view: JsonObject;
  at: number;
}

export interface ReactionRecord {
  channel: string;
  ts: string;
  name: string;
  user: string;
  at: number;
}

export interface StoredFile {
  id: string;
  filename: string;
  declaredLength: number;
  altText: string | undefined;
  bytes: Buffer | undefined;
  title: string | undefined;
  completed: boolean;
  channel: string | undefined;
  threadTs: string | undefined;
  initialComment: string | undefined;
  /** ts of the message that shared the file, once completed into a channel. */
  messageTs: string | undefined;
}

export interface CallRecord {
  method: string;
  /** Parameters with JSON-string fields (`blocks`, `view`, `metadata`...) parsed when they parse. */
  params: JsonObject;
  at: number;
  status: number | undefined;
  ok: boolean | undefined;
  error: string | undefined;
  /** Set when an injected fault or the posting limit shaped the answer. */
  fault: string | undefined;
}

export interface ResponseUrlPost {
  id: string;
  channel: string;
  user: string;
  body: JsonObject;
  at: number;
  status: number;
  ok: boolean;
  error: string | undefined;
}

export interface ChannelInfo {
  id: string;
  name: string;
  archived: boolean;
  created: number;
  /** Set for channels made with `conversations.create`; others follow their id (C public, G private). */
  isPrivate?: boolean;
  creator?: string;
  /** Members the app invited (and, for channels it made, the bot itself). */
  members?: string[];
  topic?: string;
  /** Every topic set, oldest first. */
  topicHistory?: string[];
  /** The channel canvas (`conversations.canvases.create`): one per channel. */
  canvas?: { id: string; markdown: string };
}

export interface SyntheticUser {
  id: string;
  name: string;
  real_name: string;
}
