import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockElementAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { reportToUser } from '../error-sink.js';
import type { Handler, ListenerDeps } from './handler-types.js';
import { replyTo } from './private-reply.js';

type ClickArgs<Action extends BlockElementAction> = SlackActionMiddlewareArgs<BlockAction<Action>> &
  AllMiddlewareArgs;

/**
 * A click that concerns one incident: ack at once, then `handle` it; what it returns, and anything
 * that fails (with a reference to grep the logs for), is said privately to the person who clicked.
 */
export function incidentClick<Action extends BlockElementAction>(
  handle: (deps: ListenerDeps, action: Action, user: string) => Promise<string | undefined>,
  incidentOf: (action: Action) => string | undefined,
): Handler<ClickArgs<Action>> {
  return (deps) =>
    async ({ ack, action, body, respond, client }) => {
      await ack();
      const incident = incidentOf(action);
      const say = replyTo(body, respond, client, async () =>
        incident ? (await deps.ctx.tickets.get(incident))?.channel : undefined,
      );
      try {
        const done = await handle(deps, action, body.user.id);
        if (done) await say(done);
      } catch (error) {
        await say(reportToUser(deps.logger, error, { action: action.action_id, incident }));
      }
    };
}
