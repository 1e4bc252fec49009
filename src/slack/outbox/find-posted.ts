import type { SlackCaller } from './slack-calls.js';

export const MESSAGE_EVENT_TYPE = 'warroom_message';

export function messageMetadata(incidentId: string, key: string) {
  return { event_type: MESSAGE_EVENT_TYPE, event_payload: { incident_id: incidentId, key } };
}

export interface SlackMessageWithMetadata {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { incident_id?: string; key?: string } };
  blocks?: unknown[];
}

interface HistoryPage {
  messages?: SlackMessageWithMetadata[];
  response_metadata?: { next_cursor?: string };
}

const MAX_PAGES = 5;

/**
 * Finds a message the outbox posted but never heard back about, by the metadata every post
 * carries. Only called after an ambiguous failure, so the happy path costs no extra call.
 */
export function findPosted(
  slack: SlackCaller,
  where: { channel: string; threadTs?: string; oldestSeconds?: number },
  incidentId: string,
  key: string,
): Promise<string | undefined> {
  return findInThread(
    slack,
    where,
    (message) =>
      message.metadata?.event_type === MESSAGE_EVENT_TYPE &&
      message.metadata.event_payload?.incident_id === incidentId &&
      message.metadata.event_payload?.key === key,
  );
}

/** The ts of the first message in the thread (or the channel) that `matches`, reading up to five pages. */
export async function findInThread(
  slack: SlackCaller,
  where: { channel: string; threadTs?: string; oldestSeconds?: number },
  matches: (message: SlackMessageWithMetadata) => boolean,
): Promise<string | undefined> {
  const method = where.threadTs ? 'conversations.replies' : 'conversations.history';
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await slack.call<HistoryPage>(method, {
      channel: where.channel,
      include_all_metadata: true,
      limit: 200,
      ...(where.threadTs ? { ts: where.threadTs } : {}),
      ...(where.oldestSeconds && !where.threadTs ? { oldest: String(where.oldestSeconds) } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const match = (result.messages ?? []).find(matches);
    if (match?.ts) return match.ts;
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}
