import { latestRound } from '../../domain/approval.js';
import { parseWindow } from '../../domain/incident-stats.js';
import { isRolloutFinished } from '../../domain/rollout/rollout.js';
import type { PipelineContext } from '../../pipeline/context.js';
import { mayDecide } from '../../pipeline/hitl/claim-decision.js';
import { createIncidentHistory } from '../../pipeline/retention/incident-history.js';
import { servicesNow } from '../../pipeline/services-report.js';
import { taskOverviews } from '../../pipeline/tasks/task-overview.js';
import type { MessageRecords } from '../../store/message-records.js';
import type { HomeChange } from '../blocks/change-home.js';
import { type HomeIncident, homeView } from '../blocks/home.js';
import { learnedBySignature } from '../blocks/home-learned.js';
import { CHANGE_MESSAGE_KEYS, MESSAGE_KEYS } from './message-keys.js';
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

/** How many recent changes App Home reads to find those under way. */
const CHANGES_LOOKED_AT = 100;

/** Changes not finished yet (pre-flight, approval, rolling out, halted, rolling back), newest first. */
async function changesUnderWay(ctx: PipelineContext): Promise<HomeChange[]> {
  const open = (await ctx.rollouts.recent(CHANGES_LOOKED_AT)).filter(
    (rollout) => !isRolloutFinished(rollout.status),
  );
  return Promise.all(
    open.map(async (rollout) => {
      const card = (await ctx.rollouts.messages.all(rollout.id)).records.get(CHANGE_MESSAGE_KEYS.card);
      return {
        id: rollout.id,
        service: rollout.service,
        version: rollout.version,
        status: rollout.status,
        phase: rollout.phase + 1,
        phases: rollout.plan?.phases.length ?? 0,
        ...(card ? { threadUrl: threadUrl(card.channel, card.ts) } : {}),
      };
    }),
  );
}

/**
 * Publishes App Home for `viewers`: the board of open incidents, the changes under way, the last day's numbers, what the
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
  const [incidents, stats, learned, causes, killSwitch, services, silences, tasks, changes] =
    await Promise.all([
      boardOf(ctx, deps.records),
      window ? createIncidentHistory(ctx).stats(window) : undefined,
      ctx.learning.all(),
      ctx.learning.causeSummaries(),
      ctx.killSwitch.state(),
      ctx.directory.real ? servicesNow(ctx) : undefined,
      ctx.silences.list(now),
      taskOverviews(ctx),
      changesUnderWay(ctx),
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
      changes,
    });
    await deps.slack.call('views.publish', { user_id: viewer, view });
  }
}
