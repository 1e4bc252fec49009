import type { Ticket } from '../../domain/ticket.js';
import {
  fillParams,
  type IncidentFacts,
  matchingRunbooks,
  type Runbook,
  renderSteps,
  runbookAskedFor,
} from '../../runbooks/index.js';
import type { PipelineContext } from '../context.js';

type AskContext = Pick<PipelineContext, 'catalog' | 'runbooks'>;

/** The incident's facts as the planner fills params from them: its catalog service and fault. */
export function askFacts(ctx: AskContext, ticket: Ticket): IncidentFacts {
  const service = ctx.catalog?.find(ticket.rca?.rootService ?? ticket.system)?.name;
  const fault = ticket.rca?.fault;
  return { ...(service ? { service } : {}), ...(fault ? { fault } : {}) };
}

/** The runbooks that fit the incident, best first: what "Request changes" may choose. */
export function runbooksFittingTicket(ctx: AskContext, ticket: Ticket): Runbook[] {
  const { service, fault } = askFacts(ctx, ticket);
  if (service === undefined) return [];
  return matchingRunbooks(ctx.runbooks, {
    service,
    ...(fault ? { fault } : {}),
    alertNames: [ticket.issue],
  });
}

/** Their ids: what "Request changes" may name. */
export function runbooksFitting(ctx: AskContext, ticket: Ticket): string[] {
  return runbooksFittingTicket(ctx, ticket).map((runbook) => runbook.id);
}

/**
 * Why a runbook people chose cannot be planned with their values, checked exactly as the planner
 * checks them (fit, then fillParams against the catalog, then every step rendered): refusals of
 * one param under its name, anything else under `runbook`. Undefined: it can be planned.
 */
export interface ChoiceProblem {
  params: Record<string, string>;
  runbook?: string;
  /** Everything in one sentence, for a free-text ask. */
  all: string;
}

export function runbookChoiceProblem(
  ctx: AskContext,
  ticket: Ticket,
  runbookId: string,
  overrides: ReadonlyMap<string, unknown>,
): ChoiceProblem | undefined {
  const fitting = runbooksFitting(ctx, ticket);
  const runbook = ctx.runbooks.find((candidate) => candidate.id === runbookId);
  if (!fitting.includes(runbookId) || ctx.catalog === undefined || runbook === undefined)
    return whole(
      `Runbook ${runbookId} does not fit ${ticket.id}; it may use ${fitting.join(', ') || 'none'}.`,
    );
  const filled = fillParams(runbook, askFacts(ctx, ticket), overrides, ctx.catalog);
  if (!filled.ok) return sortRefusals(runbook, filled.refusals);
  const rendered = renderSteps(runbook, filled.values);
  return rendered.ok
    ? undefined
    : whole(`Runbook ${runbook.id}: step ${rendered.stepId}: ${rendered.reason}.`);
}

function whole(reason: string): ChoiceProblem {
  return { params: {}, runbook: reason, all: reason };
}

/** fillParams words every refusal of one param `param NAME: …`. */
function sortRefusals(runbook: Runbook, refusals: readonly string[]): ChoiceProblem {
  const params: Record<string, string> = {};
  const rest: string[] = [];
  for (const refusal of refusals) {
    const name = [...runbook.params.keys()].find((param) => refusal.startsWith(`param ${param}:`));
    if (name === undefined) rest.push(refusal);
    else params[name] = params[name] ? `${params[name]}; ${refusal}` : refusal;
  }
  return {
    params,
    ...(rest.length > 0 ? { runbook: `Runbook ${runbook.id}: ${rest.join('; ')}.` } : {}),
    all: `Runbook ${runbook.id}: ${refusals.join('; ')}.`,
  };
}

/**
 * Why the runbook a "Request changes" text names cannot be planned (it does not fit the incident,
 * or its `param=value`s fail their checks), or undefined when it can, or none is named.
 */
export function runbookAskProblem(ctx: AskContext, ticket: Ticket, feedback: string): string | undefined {
  const asked = runbookAskedFor(feedback, ctx.runbooks);
  if (asked === undefined || ctx.catalog === undefined) return undefined;
  return runbookChoiceProblem(ctx, ticket, asked.runbookId, asked.overrides)?.all;
}
