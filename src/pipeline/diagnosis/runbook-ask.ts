import type { Ticket } from '../../domain/ticket.js';
import { fillParams, matchingRunbooks, renderSteps, runbookAskedFor } from '../../runbooks/index.js';
import type { PipelineContext } from '../context.js';

type AskContext = Pick<PipelineContext, 'catalog' | 'runbooks'>;

/** The runbooks that fit the incident, best first: what "Request changes" may name. */
export function runbooksFitting(ctx: AskContext, ticket: Ticket): string[] {
  const service = ctx.catalog?.find(ticket.rca?.rootService ?? ticket.system)?.name;
  if (service === undefined) return [];
  const fault = ticket.rca?.fault;
  return matchingRunbooks(ctx.runbooks, {
    service,
    ...(fault ? { fault } : {}),
    alertNames: [ticket.issue],
  }).map((runbook) => runbook.id);
}

/**
 * Why the runbook a "Request changes" text names cannot be planned (it does not fit the incident,
 * or its `param=value`s fail their checks), or undefined when it can, or none is named.
 */
export function runbookAskProblem(ctx: AskContext, ticket: Ticket, feedback: string): string | undefined {
  const asked = runbookAskedFor(feedback, ctx.runbooks);
  if (asked === undefined || ctx.catalog === undefined) return undefined;
  const fitting = runbooksFitting(ctx, ticket);
  if (!fitting.includes(asked.runbookId))
    return `Runbook ${asked.runbookId} does not fit ${ticket.id}; it may use ${fitting.join(', ') || 'none'}.`;
  const runbook = ctx.runbooks.find((candidate) => candidate.id === asked.runbookId);
  if (runbook === undefined) return undefined;
  const service = ctx.catalog.find(ticket.rca?.rootService ?? ticket.system)?.name;
  const filled = fillParams(runbook, { ...(service ? { service } : {}) }, asked.overrides, ctx.catalog);
  if (!filled.ok) return `Runbook ${runbook.id}: ${filled.refusals.join('; ')}.`;
  const rendered = renderSteps(runbook, filled.values);
  return rendered.ok ? undefined : `Runbook ${runbook.id}: step ${rendered.stepId}: ${rendered.reason}.`;
}
