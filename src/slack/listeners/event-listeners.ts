import type { App } from '@slack/bolt';
import { z } from 'zod';
import { createHomeViewers } from '../../store/home-viewers.js';
import { createMessageRecords } from '../../store/message-records.js';
import { claimOnce } from '../../store/once.js';
import type { ListenerDeps } from './handler-types.js';

/** The parts of a `message` event a comment needs; everything else Slack sends is ignored. */
const ThreadMessage = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  message: z
    .object({
      user: z.string().optional(),
      text: z.string().optional(),
      ts: z.string(),
      thread_ts: z.string().optional(),
    })
    .optional(),
});

/**
 * Events: App Home opens (publish the board), replies in an incident's thread (comments in its
 * timeline, with their author; bot messages skipped, edits recorded as edits). Slack retries
 * events: each event id is handled once.
 */
export function registerEventListeners(app: App, deps: ListenerDeps): void {
  const { ctx } = deps;
  const records = createMessageRecords(deps.redis, deps.keys);
  const homeViewers = createHomeViewers(deps.redis, deps.keys);

  app.event('app_home_opened', async ({ event, body }) => {
    if (!(await claimOnce(deps.redis, deps.keys, 'event', body.event_id))) return;
    await homeViewers.add(event.user);
    await ctx.queues.requestHomeRefresh(event.user);
  });

  app.event('message', async ({ event, body }) => {
    const parsed = ThreadMessage.safeParse(event);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.bot_id || message.subtype === 'bot_message') return;
    const edited = message.subtype === 'message_changed' ? message.message : undefined;
    const threadTs = edited?.thread_ts ?? message.thread_ts;
    const author = edited?.user ?? message.user;
    const text = edited?.text ?? message.text;
    if (!threadTs || !author || text === undefined) return;
    if (message.subtype && message.subtype !== 'message_changed' && message.subtype !== 'thread_broadcast')
      return;
    const incidentId = await records.incidentForRoot(message.channel, threadTs);
    if (!incidentId) return;
    if (!(await claimOnce(deps.redis, deps.keys, 'event', body.event_id))) return;
    await ctx.timeline.append(
      incidentId,
      edited ? 'comment.edited' : 'comment',
      { text: text.slice(0, 3000), ts: edited?.ts ?? message.ts },
      { by: author },
    );
  });
}
