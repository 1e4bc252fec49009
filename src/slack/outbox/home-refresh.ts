import { latestRound } from '../../domain/approval.js';
import { parseWindow } from '../../domain/incident-stats.js';
import type { PipelineContext } from '../../pipeline/context.js';
import { mayDecide } from '../../pipeline/hitl/claim-decision.js';
import { createIncidentHistory } from '../../pipeline/retention/incident-history.js';
import { servicesNow } from '../../pipeline/services-report.js';
import { taskOverviews } from '../../pipeline/tasks/task-overview.js';
import type { MessageRecords } from '../../store/message-records.js';
import { type HomeIncident, homeView } from '../blocks/home.js';
import { learnedBySignature } from '../blocks/home-learned.js';
import { MESSAGE_KEYS } from './message-keys.js';
import type { SlackCaller } from './slack-calls.js';
import { threadUrl } from './thread-url.js';

async function boardOf(ctx: PipelineContext, records: MessageRecords): Promise<HomeIncident[]> {
  const open = await ctx.tickets.listOpen();
  return Promise.all(
    open.map(async (ticket) => {
      const [book, slack] = await Promise.all([ctx.approvals.book(ticket.id), records.all(ticket.id)]);
      const pending = latestRound(book);
      const card = slack.records.get(MESSAGE_KEYS.card);
      return {
        id: ticket.id,
        sev: ticket.sev,
        status: ticket.status,
        system: ticket.system,
        issue: ticket.issue,
        createdAt: ticket.createdAt,
        ...(card ? { threadUrl: threadUrl(card.channel, card.ts) } : {}),
        ...(pending?.state === 'pending' && ticket.status === 'Awaiting_Approval'
          ? { pendingRound: pending.round }
          : {}),
      };
    }),
  );
}

/**
 * Publishes App Home for `viewers`: the board of open incidents, the last day's numbers, what the
 * crew learned, the kill switch, and the routine tasks. One shared read, one `views.publish` per viewer.
 */
export async function refreshHome(
  ctx: PipelineContext,
  deps: { slack: SlackCaller; records: MessageRecords },
  viewers: readonly string[],
): Promise<void> {
  if (viewers.length === 0) return;
  const now = ctx.now();
  const window = parseWindow('24h', now);
  const [incidents, stats, learned, causes, killSwitch, services, silences, tasks] = await Promise.all([
    boardOf(ctx, deps.records),
    window ? createIncidentHistory(ctx).stats(window) : undefined,
    ctx.learning.all(),
    ctx.learning.causeSummaries(),
    ctx.killSwitch.state(),
    ctx.directory.real ? servicesNow(ctx) : undefined,
    ctx.silences.list(now),
    taskOverviews(ctx),
  ]);
  if (!stats) return;
  for (const viewer of viewers) {
    const view = homeView({
      viewer,
      isApprover: mayDecide(ctx, viewer),
      now: now.toISOString(),
      incidents,
      stats,
      learned: learnedBySignature(learned, causes),
      killSwitch,
      ...(services ? { services } : {}),
      silences,
      tasks,
    });
    await deps.slack.call('views.publish', { user_id: viewer, view });
  }
}
