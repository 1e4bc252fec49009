import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';

type ApproverContext = Pick<PipelineContext, 'catalog' | 'settings'>;

/** The steps of a plan whose services share one set of approvers: one approver of the part decides them. */
export interface ApprovalPart {
  /** Stable for the same approvers: `anyone` or the sorted ids. */
  key: string;
  /** Canonical names of the services its steps target (a target outside the catalog as written). */
  services: readonly string[];
  /** Slack users and user groups; empty: anyone in the channel. */
  approvers: readonly string[];
}

function approversOf(
  ctx: ApproverContext,
  target: string,
): { service: string; approvers: readonly string[] } {
  const service = ctx.catalog?.find(target);
  const approvers = service && service.approvers.length > 0 ? service.approvers : ctx.settings.approvers;
  return { service: service?.name ?? target, approvers };
}

const partKey = (approvers: readonly string[]) =>
  approvers.length === 0 ? 'anyone' : [...approvers].sort().join(',');

/**
 * Who decides on an incident's plan, part by part: the steps are grouped by the catalog
 * `approvers` of the service each targets (else APPROVERS). One part: one decision, as ever.
 * Several: each part needs an approver of its own. A plan with no steps is the root cause's
 * service's. User groups (`S…`) stay unexpanded here: approver-check.ts expands them.
 */
export function approvalParts(
  ctx: ApproverContext,
  ticket: Pick<Ticket, 'rca' | 'system' | 'recommendations'>,
): ApprovalPart[] {
  const targets =
    ticket.recommendations.length > 0
      ? ticket.recommendations.map((step) => step.target)
      : [ticket.rca?.rootService ?? ticket.system];
  const parts = new Map<string, { key: string; services: string[]; approvers: readonly string[] }>();
  for (const target of targets) {
    const { service, approvers } = approversOf(ctx, target);
    const key = partKey(approvers);
    const part = parts.get(key) ?? { key, services: [], approvers };
    if (!part.services.includes(service)) part.services.push(service);
    parts.set(key, part);
  }
  return [...parts.values()];
}

/** Everyone who may decide some part of the plan, for mentions; empty: anyone in the channel. */
export function incidentApprovers(
  ctx: ApproverContext,
  ticket: Pick<Ticket, 'rca' | 'system' | 'recommendations'>,
): readonly string[] {
  return [...new Set(approvalParts(ctx, ticket).flatMap((part) => part.approvers))];
}
