import type { BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

export type Ephemeral = (text: string) => Promise<unknown>;

/**
 * Private replies to a click: through the message's response_url; for App Home (which has none)
 * as an ephemeral in `channelOf()` when the click concerns an incident, else in the app's DM.
 */
export function replyTo(
  body: BlockAction,
  respond: (message: object) => Promise<unknown>,
  client: WebClient,
  channelOf: () => Promise<string | null | undefined> = async () => undefined,
): Ephemeral {
  if (body.container?.type !== 'view') {
    return (text) => respond({ response_type: 'ephemeral', replace_original: false, text });
  }
  return async (text) => {
    const channel = await channelOf();
    if (channel) await client.chat.postEphemeral({ channel, user: body.user.id, text });
    else await client.chat.postMessage({ channel: body.user.id, text });
  };
}
