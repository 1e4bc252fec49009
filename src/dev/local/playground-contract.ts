/**
 * What /playground/state answers: the contract between the playground's routes and its page
 * (src/dev/playground/browser), which imports these types too. Types only, no imports, so the
 * browser's type check can read it without Node's.
 */

/** A channel the page lists: the demo channel, then each incident channel the app made. */
export interface PlaygroundChannel {
  id: string;
  name: string;
  incident: boolean;
  archived: boolean;
  topic: string;
}

export interface OpenModal {
  viewId: string;
  /** Changes whenever the content does, so the page knows when to draw it again. */
  hash: string;
  view: Record<string, unknown>;
}

export interface FeedMessage {
  kind: 'message';
  ts: string;
  user: string;
  fromBot: boolean;
  text: string;
  blocks: unknown[] | undefined;
  edited: boolean;
  /** Still streaming (`chat.startStream` until its stop or expiry). */
  streaming: boolean;
  /** A root's thread status line (`assistant.threads.setStatus`) while one shows, e.g. "is diagnosing INC-0001…". */
  statusLine?: string;
  replies: FeedItem[];
}

/** A message only its recipient sees ("Only visible to you"). */
export interface FeedEphemeral {
  kind: 'ephemeral';
  ts: string;
  text: string;
  blocks: unknown[] | undefined;
}

export type FeedItem = FeedMessage | FeedEphemeral;

export interface PlaygroundState {
  me: { id: string; name: string };
  channel: { id: string; name: string; topic: string };
  /** The sidebar: the demo channel and every incident channel the app made. */
  channels: PlaygroundChannel[];
  /** Display names of everyone the feed names or mentions, by user id. */
  users: Record<string, string>;
  feed: FeedItem[];
  /** The modal on top of the person's stack, if any. */
  modal: OpenModal | null;
}
