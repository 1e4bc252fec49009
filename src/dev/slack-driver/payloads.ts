/** Pure builders for the bodies Slack sends to an app: slash commands, interactions and events. */

export type Json = Record<string, unknown>;

export interface DriverIdentity {
  teamId: string;
  teamDomain: string;
  apiAppId: string;
  botUserId: string;
  /** The deprecated verification token Slack still sends in bodies. */
  verificationToken: string;
}

export interface SlackUserRef {
  id: string;
  name: string;
}

export function slackTs(nowMs: number): string {
  return `${Math.floor(nowMs / 1000)}.${String((nowMs % 1000) * 1000).padStart(6, '0')}`;
}

export function userObject(identity: DriverIdentity, user: SlackUserRef): Json {
  return { id: user.id, username: user.name, name: user.name, team_id: identity.teamId };
}

export interface SlashCommandFields {
  command: string;
  text: string;
  user: SlackUserRef;
  channelId: string;
  channelName: string;
  responseUrl: string;
  triggerId: string;
}

/** Form fields of a slash command, in the order Slack sends them. */
export function slashCommandForm(identity: DriverIdentity, f: SlashCommandFields): URLSearchParams {
  return new URLSearchParams([
    ['token', identity.verificationToken],
    ['team_id', identity.teamId],
    ['team_domain', identity.teamDomain],
    ['channel_id', f.channelId],
    ['channel_name', f.channelName],
    ['user_id', f.user.id],
    ['user_name', f.user.name],
    ['command', f.command],
    ['text', f.text],
    ['api_app_id', identity.apiAppId],
    ['is_enterprise_install', 'false'],
    ['response_url', f.responseUrl],
    ['trigger_id', f.triggerId],
  ]);
}

interface FoundAction {
  blockId: string | undefined;
  text: string | undefined;
  style: string | undefined;
  /** Set for Slack's feedback buttons: one action id, a button per side, told apart by value. */
  feedback?: boolean;
}

const textOf = (value: unknown): string | undefined => {
  const text = (value ?? {}) as Json;
  return typeof text.text === 'string' ? text.text : undefined;
};

/**
 * Looks up a button by action_id in message blocks (actions and context_actions elements, section
 * accessories); for feedback buttons, the text is that of the side whose value is `value`.
 */
export function findAction(blocks: unknown, actionId: string, value?: string): FoundAction | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks as Json[]) {
    const elements = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory] as unknown[];
    for (const element of elements) {
      const el = (element ?? {}) as Json;
      if (el.action_id !== actionId) continue;
      const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
      if (el.type === 'feedback_buttons') {
        const side = [el.positive_button, el.negative_button]
          .map((button) => (button ?? {}) as Json)
          .find((button) => button.value === value);
        return { blockId, text: textOf(side?.text), style: undefined, feedback: true };
      }
      return {
        blockId,
        text: textOf(el.text),
        style: typeof el.style === 'string' ? el.style : undefined,
      };
    }
  }
  return undefined;
}

export interface BlockActionFields {
  user: SlackUserRef;
  channelId: string;
  channelName: string;
  messageTs: string;
  threadTs: string | undefined;
  isEphemeral: boolean;
  actionId: string;
  blockId: string | undefined;
  value: string;
  message: Json;
  responseUrl: string;
  triggerId: string;
  nowMs: number;
}

/**
 * The button as Slack describes a click on it: text and style read off the blocks it sits in; a
 * feedback button as `feedback_buttons` with the clicked side's value and text.
 */
function clickedButton(
  blocks: unknown,
  f: { actionId: string; blockId?: string; value: string; nowMs: number },
): Json {
  const found = findAction(blocks, f.actionId, f.value);
  if (found?.feedback) {
    return {
      type: 'feedback_buttons',
      action_id: f.actionId,
      block_id: f.blockId ?? found.blockId ?? `blk-${f.actionId}`,
      text: { type: 'plain_text', text: found.text ?? f.value, emoji: true },
      value: f.value,
      action_ts: slackTs(f.nowMs),
    };
  }
  return {
    action_id: f.actionId,
    block_id: f.blockId ?? found?.blockId ?? `blk-${f.actionId}`,
    text: { type: 'plain_text', text: found?.text ?? f.value, emoji: true },
    value: f.value,
    ...(found?.style !== undefined ? { style: found.style } : {}),
    type: 'button',
    action_ts: slackTs(f.nowMs),
  };
}

/** What every `block_actions` payload carries, wherever the button was. */
function blockActionsEnvelope(identity: DriverIdentity, user: SlackUserRef, triggerId: string): Json {
  return {
    type: 'block_actions',
    user: userObject(identity, user),
    api_app_id: identity.apiAppId,
    token: identity.verificationToken,
    trigger_id: triggerId,
    team: { id: identity.teamId, domain: identity.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
  };
}

export function blockActionsPayload(identity: DriverIdentity, f: BlockActionFields): Json {
  return {
    ...blockActionsEnvelope(identity, f.user, f.triggerId),
    container: {
      type: 'message',
      message_ts: f.messageTs,
      channel_id: f.channelId,
      is_ephemeral: f.isEphemeral,
      ...(f.threadTs !== undefined ? { thread_ts: f.threadTs } : {}),
    },
    channel: { id: f.channelId, name: f.channelName },
    message: f.message,
    state: { values: {} },
    response_url: f.responseUrl,
    actions: [clickedButton(f.message.blocks, { ...f, ...(f.blockId ? { blockId: f.blockId } : {}) })],
  };
}

export interface HomeActionFields {
  user: SlackUserRef;
  /** The Home tab as Slack shows it (its id, blocks and hash). */
  view: Json;
  actionId: string;
  value: string;
  triggerId: string;
  nowMs: number;
}

/** A button clicked in App Home: a `view` container, no channel, no message, no response_url. */
export function homeActionPayload(identity: DriverIdentity, f: HomeActionFields): Json {
  return {
    ...blockActionsEnvelope(identity, f.user, f.triggerId),
    container: { type: 'view', view_id: f.view.id },
    view: f.view,
    actions: [clickedButton(f.view.blocks, f)],
  };
}

export interface ViewActionFields {
  user: SlackUserRef;
  /** The modal as Slack shows it (id, hash, blocks, private_metadata, callback_id, state). */
  view: Json;
  actionId: string;
  blockId: string;
  /** The option chosen in a select. */
  selected: { text: string; value: string };
  triggerId: string;
  nowMs: number;
}

/**
 * A choice in a select of an open modal whose block dispatches (`dispatch_action`): a `view`
 * container, the whole view with its hash and state, no channel, message or response_url.
 */
export function viewActionPayload(identity: DriverIdentity, f: ViewActionFields): Json {
  const option = {
    text: { type: 'plain_text', text: f.selected.text, emoji: true },
    value: f.selected.value,
  };
  return {
    ...blockActionsEnvelope(identity, f.user, f.triggerId),
    container: { type: 'view', view_id: f.view.id },
    view: f.view,
    actions: [
      {
        type: 'static_select',
        action_id: f.actionId,
        block_id: f.blockId,
        selected_option: option,
        action_ts: slackTs(f.nowMs),
      },
    ],
  };
}

export interface ViewSubmissionFields {
  user: SlackUserRef;
  view: Json;
  triggerId: string;
}

export function viewSubmissionPayload(identity: DriverIdentity, f: ViewSubmissionFields): Json {
  return {
    type: 'view_submission',
    team: { id: identity.teamId, domain: identity.teamDomain },
    user: userObject(identity, f.user),
    api_app_id: identity.apiAppId,
    token: identity.verificationToken,
    trigger_id: f.triggerId,
    view: f.view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface EventFields {
  event: Json;
  eventId: string;
  eventTime: number;
}

export function eventEnvelope(identity: DriverIdentity, f: EventFields): Json {
  return {
    token: identity.verificationToken,
    team_id: identity.teamId,
    context_team_id: identity.teamId,
    context_enterprise_id: null,
    api_app_id: identity.apiAppId,
    event: f.event,
    type: 'event_callback',
    event_id: f.eventId,
    event_time: f.eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: identity.teamId,
        user_id: identity.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${f.eventId}`,
  };
}
