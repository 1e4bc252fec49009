import { z } from 'zod';
import { roundOf } from '../../domain/approval.js';
import {
  isPageable,
  type PageEvent,
  type PageReason,
  type PageTarget,
  pageDedupKey,
  pagePlan,
} from '../../domain/paging.js';
import { isClosed } from '../../domain/status.js';
import type { Ticket } from '../../domain/ticket.js';
import { incidentLogger } from '../../log.js';
import type { PipelineContext } from '../context.js';
import { IncidentInput, RoundInput } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';

/** Retried with backoff through a pager's 429s and 5xx; each retry sends only what is missing. */
const PAGE_OPTIONS = { attempts: 10, backoff: { type: 'exponential', delay: 1000 } } as const;

/**
 * Called when a round starts waiting for people: an escalated real incident gets a page job, at
 * once or after PAGE_AFTER_SECONDS (pagePlan). The job pages only if the round still waits then.
 */
export async function schedulePage(
  ctx: PipelineContext,
  ticket: Ticket,
  round: number,
  route: 'auto' | 'approval' | 'escalate',
): Promise<void> {
  if (!ctx.pager || !isPageable(ticket, ctx.directory)) return;
  const plan = pagePlan({ route, sev: ticket.sev, pageAfterSeconds: ctx.settings.pageAfterSeconds });
  if (!plan) return;
  await ctx.queues.add(
    'page',
    { incidentId: ticket.id, round, reason: plan.reason },
    { delayMs: plan.delayMs },
  );
}

async function pageEvent(
  ctx: PipelineContext,
  ticket: Ticket,
  action: PageEvent['action'],
  reason?: PageReason,
): Promise<PageEvent> {
  const owner = ctx.directory.context(ticket.system).owner ?? undefined;
  const link = await ctx.pages.cardLink(ticket.id);
  return {
    action,
    dedupKey: pageDedupKey(ticket.id),
    incidentId: ticket.id,
    summary: `${ticket.id} · ${ticket.sev} · ${ticket.system}: ${ticket.issue}`,
    sev: ticket.sev,
    service: ticket.system,
    ...(owner ? { owner } : {}),
    ...(reason ? { reason } : {}),
    ...(link ? { link } : {}),
  };
}

/** Sends `event` to each target not yet marked for it; a retry sends only what failed. */
async function sendMissing(
  ctx: PipelineContext,
  targets: readonly PageTarget[],
  event: PageEvent,
): Promise<PageTarget[]> {
  const pager = ctx.pager;
  if (!pager) return [];
  const sent: PageTarget[] = [];
  for (const target of targets) {
    if (await ctx.pages.isSent(event.incidentId, event.action, target)) continue;
    await pager.send(target, event);
    await ctx.pages.markSent(event.incidentId, event.action, target, ctx.now());
    sent.push(target);
  }
  return sent;
}

/** The page job: nobody decided in time, so the owner is paged, once per incident. */
export async function handlePage(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  reason: PageReason,
): Promise<void> {
  if (!ctx.pager) return;
  const [ticket, book] = await Promise.all([ctx.tickets.get(incidentId), ctx.approvals.book(incidentId)]);
  if (!ticket || !isPageable(ticket, ctx.directory)) return;
  // Someone decided (or the incident moved on) before the page was due: nobody is woken.
  if (ticket.status !== 'Awaiting_Approval' || roundOf(book, round)?.state !== 'pending') return;
  if (!(await ctx.pages.claim(incidentId, round))) return;
  const sent = await sendMissing(ctx, ctx.pager.targets, await pageEvent(ctx, ticket, 'trigger', reason));
  if (sent.length === 0) return;
  incidentLogger(ctx.logger, incidentId).info({ targets: sent, reason }, 'owner paged');
  await ctx.timeline.append(incidentId, 'page.sent', { round, reason, targets: sent });
  await ctx.queues.requestSlackSync(incidentId);
  // Closed while the page went out: the close found nothing to resolve, so resolve it now.
  const now = await ctx.tickets.get(incidentId);
  if (now && isClosed(now.status)) await ctx.queues.add('page-resolve', { incidentId });
}

/** The resolve job: each target a trigger went to is told the incident is over. */
export async function handlePageResolve(ctx: PipelineContext, incidentId: string): Promise<void> {
  if (!ctx.pager) return;
  const [ticket, triggered] = await Promise.all([
    ctx.tickets.get(incidentId),
    ctx.pages.triggered(incidentId),
  ]);
  if (!ticket || triggered.length === 0) return;
  const sent = await sendMissing(ctx, triggered, await pageEvent(ctx, ticket, 'resolve'));
  if (sent.length > 0) await ctx.timeline.append(incidentId, 'page.resolved', { targets: sent });
}

/** Close hook: a paged incident's page is resolved. Failures are logged; the page then stays open. */
export function resolvePageOnClose(ctx: () => PipelineContext) {
  return async (incidentId: string): Promise<void> => {
    const current = ctx();
    if (!current.pager) return;
    try {
      if ((await current.pages.triggered(incidentId)).length === 0) return;
      await current.queues.add('page-resolve', { incidentId });
    } catch (error) {
      current.logger.warn({ err: error, incident: incidentId }, 'could not queue the page resolve');
    }
  };
}

/** Pages an escalated incident's owner if its round still waits; the routing key is read at send time, never stored in the job. */
export const pageJob = defineJob({
  name: 'page',
  input: RoundInput.extend({ reason: z.enum(['low_confidence', 'sev1_waiting']) }),
  options: PAGE_OPTIONS,
  run: async (ctx, { incidentId, round, reason }) => {
    await handlePage(ctx, incidentId, round, reason);
  },
});

export const pageResolveJob = defineJob({
  name: 'page-resolve',
  input: IncidentInput,
  options: PAGE_OPTIONS,
  run: async (ctx, { incidentId }) => {
    await handlePageResolve(ctx, incidentId);
  },
});
