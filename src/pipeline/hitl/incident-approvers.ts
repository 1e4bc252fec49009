import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';

type ApproverContext = Pick<PipelineContext, 'catalog' | 'settings'>;

/**
 * Who may decide on an incident's plan: the catalog `approvers` of the service its steps target
 * (the root cause's service), else APPROVERS; empty: anyone in the channel. User groups (`S…`)
 * stay unexpanded here: approver-check.ts expands them when someone decides.
 */
export function incidentApprovers(
  ctx: ApproverContext,
  ticket: Pick<Ticket, 'rca' | 'system'>,
): readonly string[] {
  const service = ctx.catalog?.find(ticket.rca?.rootService ?? ticket.system);
  return service && service.approvers.length > 0 ? service.approvers : ctx.settings.approvers;
}
