import { setTimeout as sleep } from 'node:timers/promises';
import type { Ticket } from '../../src/domain/ticket.js';
import type { LabFault } from '../topology.js';
import {
  approvalMessage,
  breakLab,
  clickApprove,
  closeIncidentsSince,
  healAll,
  incidentSince,
  prometheusVerdict,
  runsRunbook,
  verdictOf,
  waitForQuiet,
} from './lab-loop.js';
import type { LabWarroom } from './lab-warroom.js';

export interface LabIncidentOptions {
  service: string;
  fault: LabFault;
  supervisorctl: string;
  /** Once quiet, stay quiet this long before breaking (a clean baseline in the telemetry window). */
  quietForMs?: number;
  /** Click Approve on the approval message (default true). */
  approve?: boolean;
  /** Called once the incident is diagnosed, before anyone approves (a test looks at the lab then). */
  onDiagnosed?: (ticket: Ticket) => Promise<void>;
  timeouts?: Partial<{ quietMs: number; alertMs: number; approvalMs: number; verdictMs: number }>;
}

/** One real fault through the whole loop, with what happened and how long each part took. */
export interface LabIncident {
  service: string;
  fault: LabFault;
  /** The incident as diagnosed (before any approval). */
  diagnosed: Ticket;
  /** The incident once verification ruled, when a runbook plan was approved. */
  verdict?: Ticket;
  brokenAt: number;
  /** Fault → the incident the first real alert opened. */
  faultToAlertMs: number;
  /** Alert → the approval message with its Approve button. */
  alertToApprovalMs?: number;
  /** Approve click → verification's verdict. */
  approvalToVerdictMs?: number;
  /** Prometheus's own word on the broken service after the loop. */
  prometheus: { healthy: boolean; problems: string[] };
}

const DEFAULTS = { quietMs: 120_000, alertMs: 90_000, approvalMs: 30_000, verdictMs: 120_000 };

/**
 * Heals everything and waits for quiet, breaks `service` with `fault`, waits for the incident the
 * real alert opens and its diagnosis, its approval message, clicks Approve (a runbook plan only:
 * a manual checklist waits for people), waits for the verdict, and asks Prometheus. Incidents the
 * fault opened and the crew left open are then closed by hand, as the on-call would after healing.
 */
export async function runLabIncident(loop: LabWarroom, options: LabIncidentOptions): Promise<LabIncident> {
  const timeouts = { ...DEFAULTS, ...options.timeouts };
  await healAll(loop, options.supervisorctl);
  await waitForQuiet(loop, timeouts.quietMs);
  if (options.quietForMs) await sleep(options.quietForMs);
  const brokenAt = Date.now();
  await breakLab(loop, options.service, options.fault);
  const diagnosed = await incidentSince(loop, brokenAt, timeouts.alertMs);
  const openedAt = Date.parse(diagnosed.createdAt);
  const result: LabIncident = {
    service: options.service,
    fault: options.fault,
    diagnosed,
    brokenAt,
    faultToAlertMs: openedAt - brokenAt,
    prometheus: { healthy: false, problems: [] },
  };
  try {
    await options.onDiagnosed?.(diagnosed);
    if (diagnosed.status === 'Awaiting_Approval') {
      const message = await approvalMessage(loop, diagnosed.id, timeouts.approvalMs);
      const askedAt = Date.now();
      result.alertToApprovalMs = askedAt - openedAt;
      if ((options.approve ?? true) && runsRunbook(diagnosed)) {
        const clickedAt = Date.now();
        await clickApprove(loop, message);
        result.verdict = await verdictOf(loop, diagnosed.id, timeouts.verdictMs);
        result.approvalToVerdictMs = Date.now() - clickedAt;
      }
    }
    result.prometheus = await prometheusVerdict(loop, options.service);
  } finally {
    await closeIncidentsSince(loop, brokenAt, 30_000);
  }
  return result;
}
