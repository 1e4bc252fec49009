import { FAULT_CATALOG, type FaultKind } from '../domain/faults.js';
import type { Severity } from '../domain/severity.js';
import type { Ticket } from '../domain/ticket.js';
import { PermanentError } from '../errors.js';
import { injectFault } from '../sim/estate/index.js';
import type { ServiceName } from '../sim/services.js';
import { SIM_PREFIX } from '../sim/sim-names.js';
import type { PipelineContext } from './context.js';
import { openIncident } from './open-incident.js';

export interface InjectRequest {
  fault: FaultKind;
  service: ServiceName;
  sev?: Severity;
  channel: string | null;
  user?: string;
}

/** Breaks the estate for real, then opens the incident people would see. */
export async function injectAndOpen(ctx: PipelineContext, request: InjectRequest): Promise<Ticket> {
  const fault = FAULT_CATALOG[request.fault];
  const now = ctx.now();
  await ctx.estate.update((state) => injectFault(state, request.service, request.fault, now));
  return openIncident(ctx, {
    // Beside a catalog the simulation's services are sim:<name>: never confused with a real one.
    system: ctx.directory.real ? `${SIM_PREFIX}${request.service}` : request.service,
    issue: fault.symptom,
    sev: request.sev ?? fault.severity,
    source: 'inject',
    channel: request.channel,
    ...(request.user ? { openedBy: request.user } : {}),
  });
}

/** Re-fires the latest open incident: the crew must recognise it and link it as a duplicate. */
export async function refireLatest(
  ctx: PipelineContext,
  channel: string | null,
  user?: string,
): Promise<Ticket> {
  const open = await ctx.tickets.listOpen();
  const latest = open.filter((ticket) => ticket.status !== 'Duplicate').at(-1);
  if (!latest) {
    throw new PermanentError('not_found', 'There is no open incident to duplicate: inject one first.', {
      httpStatus: 409,
    });
  }
  return openIncident(ctx, {
    system: latest.system,
    issue: latest.issue,
    sev: latest.sev,
    source: 'inject',
    channel: channel ?? latest.channel,
    ...(user ? { openedBy: user } : {}),
  });
}
