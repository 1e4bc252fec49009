import type { Ticket } from '../../src/domain/ticket.js';
import { LAB_WARROOM_SETTINGS } from '../config/catalog.js';
import { LAB_RATE_WINDOW } from '../config/service-queries.js';
import type { LabFault } from '../topology.js';
import {
  approvalMessage,
  breakLab,
  clickApprove,
  closeOpenIncidents,
  diagnosisOf,
  healAll,
  incidentOpenedSince,
  prometheusVerdict,
  runsRunbook,
  verdictOf,
  waitForCleanBaseline,
  waitForQuiet,
} from './lab-loop.js';
import type { LabWarroom } from './lab-warroom.js';

export interface LabIncidentOptions {
  service: string;
  fault: LabFault;
  supervisorctl: string;
  /**
   * Before breaking, wait until the broken service and those it calls have run this long without a
   * restart or an alert: the diagnosis's baseline (the telemetry window's start) is clean then.
   */
  cleanBaselineSeconds?: number;
  /** Click Approve on the approval message (default true). */
  approve?: boolean;
  /** Called once the incident is diagnosed, before anyone approves (a test looks at the lab then). */
  onDiagnosed?: (ticket: Ticket) => Promise<void>;
  timeouts?: Partial<{
    quietMs: number;
    baselineMs: number;
    alertMs: number;
    approvalMs: number;
    verdictMs: number;
  }>;
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
  /** Incidents still open when the lab was quiet, before the break (opened by the heal), closed then: id, service, status, opened. */
  strayIncidents: string[];
  /** Where the case's wall time went, phase by phase (ms), in the order they ran. */
  phases: LabPhases;
}

/**
 * A case's phases: heal every service, wait for quiet, wait for a clean baseline (rise-against-
 * baseline faults only), close strays, fault → the incident opened, opened → diagnosed, diagnosed →
 * the approval message, Approve → verdict, then Prometheus's word and closing what is left open.
 */
export const LAB_PHASES = [
  'heal',
  'quiet',
  'baseline',
  'strays',
  'faultToAlert',
  'alertToDiagnosed',
  'diagnosedToApproval',
  'approvalToVerdict',
  'after',
] as const;
export type LabPhase = (typeof LAB_PHASES)[number];
export type LabPhases = Partial<Record<LabPhase, number>>;

/** Runs `step`, adding its duration to `phases[phase]`. */
async function timed<T>(phases: LabPhases, phase: LabPhase, step: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await step();
  } finally {
    phases[phase] = (phases[phase] ?? 0) + Date.now() - started;
  }
}

/**
 * How long the broken service and those it calls run undisturbed before a break: the diagnosis's
 * whole telemetry window, plus the rate window its first points reach back over. A restart's slow
 * first requests (or a restarted cache's cold misses) then lie before anything the diagnosis reads
 * (the snapshot is taken after the alert, seconds after the break: the margin for those first
 * requests).
 */
export const CLEAN_BASELINE_SECONDS =
  60 * Number(LAB_WARROOM_SETTINGS.TELEMETRY_WINDOW_MINUTES) + Number.parseInt(LAB_RATE_WINDOW, 10);

const DEFAULTS = {
  quietMs: 120_000,
  baselineMs: 180_000,
  alertMs: 90_000,
  approvalMs: 30_000,
  verdictMs: 120_000,
};

/**
 * Heals everything and waits for quiet, breaks `service` with `fault`, waits for the incident the
 * real alert opens and its diagnosis, its approval message, clicks Approve (a runbook plan only:
 * a manual checklist waits for people), waits for the verdict, and asks Prometheus. Incidents left
 * open (the crew's, or a heal's before the break) are closed by hand, as the on-call would.
 */
export async function runLabIncident(loop: LabWarroom, options: LabIncidentOptions): Promise<LabIncident> {
  const timeouts = { ...DEFAULTS, ...options.timeouts };
  const phases: LabPhases = {};
  await timed(phases, 'heal', () => healAll(loop, options.supervisorctl));
  await timed(phases, 'quiet', () => waitForQuiet(loop, timeouts.quietMs));
  const span = options.cleanBaselineSeconds;
  if (span)
    await timed(phases, 'baseline', () =>
      waitForCleanBaseline(loop, options.service, span, timeouts.baselineMs),
    );
  const strayIncidents = await timed(phases, 'strays', () => closeOpenIncidents(loop, 30_000));
  const brokenAt = Date.now();
  await breakLab(loop, options.service, options.fault);
  const opened = await incidentOpenedSince(loop, brokenAt, timeouts.alertMs);
  const openedAt = Date.parse(opened.createdAt);
  phases.faultToAlert = openedAt - brokenAt;
  const diagnosed = await diagnosisOf(loop, opened.id, timeouts.alertMs);
  phases.alertToDiagnosed = Date.now() - openedAt;
  const result: LabIncident = {
    service: options.service,
    fault: options.fault,
    diagnosed,
    brokenAt,
    faultToAlertMs: openedAt - brokenAt,
    prometheus: { healthy: false, problems: [] },
    strayIncidents,
    phases,
  };
  try {
    await options.onDiagnosed?.(diagnosed);
    if (diagnosed.status === 'Awaiting_Approval') {
      const diagnosedAt = Date.now();
      const message = await approvalMessage(loop, diagnosed.id, timeouts.approvalMs);
      const askedAt = Date.now();
      phases.diagnosedToApproval = askedAt - diagnosedAt;
      result.alertToApprovalMs = askedAt - openedAt;
      if ((options.approve ?? true) && runsRunbook(diagnosed)) {
        const clickedAt = Date.now();
        await clickApprove(loop, message);
        result.verdict = await verdictOf(loop, diagnosed.id, timeouts.verdictMs);
        result.approvalToVerdictMs = Date.now() - clickedAt;
        phases.approvalToVerdict = result.approvalToVerdictMs;
      }
    }
    result.prometheus = await timed(phases, 'after', () => prometheusVerdict(loop, options.service));
  } finally {
    await timed(phases, 'after', () => closeOpenIncidents(loop, 30_000));
  }
  return result;
}
