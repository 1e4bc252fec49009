/** Inputs and outputs of the Slack driver. */
import type { SlackEmulator } from '../slack-emulator/index.js';
import type { Json } from './payloads.js';
import type { SignedHeadersOptions } from './signing.js';

export interface SlackDriverOptions {
  /** The app's base URL; requests go to `${appUrl}${path}`. */
  appUrl: string;
  signingSecret: string;
  emulator?: SlackEmulator;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  botUserId?: string;
  verificationToken?: string;
  /** Default `/slack/events` (Bolt's HTTPReceiver endpoint). */
  path?: string;
  /** Clock in ms (default `Date.now`), used for signatures and timestamps. */
  now?: () => number;
}

export interface DriverResponse {
  status: number;
  body: string;
  json?: unknown;
  headers: Record<string, string>;
  /** What was sent, for assertions. */
  sent: { rawBody: string; headers: Record<string, string>; payload: Json };
}

export type SendOptions = SignedHeadersOptions;

export interface SlashCommandInput extends SendOptions {
  command: string;
  text?: string;
  userId: string;
  channelId: string;
  userName?: string;
}

export interface BlockActionInput extends SendOptions {
  userId: string;
  channelId: string;
  messageTs: string;
  threadTs?: string;
  actionId: string;
  blockId?: string;
  value: string;
  /** The message the button sits on; by default taken from the emulator. */
  message?: Json;
  isEphemeral?: boolean;
}

export interface HomeActionInput extends SendOptions {
  userId: string;
  actionId: string;
  value: string;
  /** The Home tab the button is on; by default the user's, from the emulator. */
  view?: Json;
}

export interface ViewActionInput extends SendOptions {
  userId: string;
  /** The open modal (from the emulator) the select sits in. */
  viewId: string;
  actionId: string;
  blockId: string;
  /** The option's value; its text is read off the view's blocks. */
  value: string;
  /** What the user has typed so far: block → action → state value. */
  values?: Record<string, Record<string, unknown>>;
}

export interface SubmittedView {
  callback_id: string;
  private_metadata?: string;
  state: { values: Record<string, Record<string, unknown>> };
  id?: string;
  hash?: string;
  title?: Json;
  blocks?: unknown[];
}

export interface ViewSubmissionInput extends SendOptions {
  userId: string;
  view: SubmittedView;
  triggerId?: string;
}

export interface EventInput extends SendOptions {
  event: Json;
  eventId?: string;
  eventTime?: number;
}

export interface UserMessageEventInput extends SendOptions {
  channelId: string;
  userId: string;
  text: string;
  threadTs?: string;
  eventId?: string;
}

export interface SlackDriver {
  /** Sends the same body again, freshly signed: what Slack does when it retries a delivery. */
  redeliver(previous: DriverResponse, options: SendOptions): Promise<DriverResponse>;
  slashCommand(input: SlashCommandInput): Promise<DriverResponse>;
  blockAction(input: BlockActionInput): Promise<DriverResponse>;
  /** A click on a button of the user's App Home tab. */
  homeAction(input: HomeActionInput): Promise<DriverResponse>;
  /** A choice in a dispatching select of an open modal (`block_actions` with a view container). */
  viewAction(input: ViewActionInput): Promise<DriverResponse>;
  viewSubmission(input: ViewSubmissionInput): Promise<DriverResponse>;
  event(input: EventInput): Promise<DriverResponse>;
  /** Records a human message in the emulator (when given) and sends its `message` event. */
  userMessage(input: UserMessageEventInput): Promise<DriverResponse & { ts: string }>;
  urlVerification(challenge: string, options?: SendOptions): Promise<DriverResponse>;
}
