import { isClosed, STATUSES, type Status } from './status.js';
import type { Ticket } from './ticket.js';
import type { TimelineEntry } from './timeline.js';
import {
  approvalRequests,
  decisionFacts,
  isHumanDecision,
  millisBetween,
  resolvedAt,
  startsRemediation,
} from './timeline-facts.js';

export interface StatsWindow {
  from: Date;
  to: Date;
  /** How a person would say it: "last 24 h". */
  label: string;
}

/** Every figure is null when nothing in the window measures it, never NaN. */
export interface IncidentStats {
  from: string;
  to: string;
  /** Incidents opened in the window. */
  incidents: number;
  open: number;
  byStatus: Record<Status, number>;
  /**
   * Mean time to acknowledge: from the incident opening to the first human decision on it
   * (approve, reject, override, request changes, or a resolve by hand). Incidents no person decided
   * on (auto-remediated, timed out, still waiting, duplicates) give no sample.
   */
  meanTimeToAcknowledgeMs: number | null;
  /** From the crew asking for approval to a person's decision on that round: how long plans wait. */
  meanApprovalWaitMs: number | null;
  /** From the incident opening to its first Resolved or Partially_Resolved. */
  meanTimeToResolveMs: number | null;
  alerts: number;
  /**
   * Noise reduction: every alert received (duplicates' included) over the incidents that came from
   * alerts and needed attention of their own (duplicates folded into their parent are not counted).
   */
  alertsPerIncident: number | null;
  /** Of the incidents the crew went on to remediate, the share whose go-ahead was `auto`. */
  autoRemediatedShare: number | null;
  /** Decisions people made (approve, reject, override, request changes); timeouts are not theirs. */
  humanDecisions: number;
  approvalRate: number | null;
  rejectionRate: number | null;
}

const HOUR_MS = 3_600_000;
const MAX_HOURS = 720;
const MAX_DAYS = 90;

/** `24h`, `7d` (any `Nh` up to 720 h or `Nd` up to 90 d); no argument: the last 24 h. Undefined when unreadable. */
export function parseWindow(text: string | undefined, now: Date): StatsWindow | undefined {
  const match = /^(\d{1,3})([hd])$/i.exec((text ?? '24h').trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const inDays = match[2]?.toLowerCase() === 'd';
  if (amount < 1 || amount > (inDays ? MAX_DAYS : MAX_HOURS)) return undefined;
  const hours = inDays ? amount * 24 : amount;
  return {
    from: new Date(now.getTime() - hours * HOUR_MS),
    to: now,
    label: `last ${amount} ${inDays ? (amount === 1 ? 'day' : 'days') : 'h'}`,
  };
}

function mean(samples: readonly number[]): number | null {
  if (samples.length === 0) return null;
  return samples.reduce((sum, value) => sum + value, 0) / samples.length;
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function openedWithin(ticket: Ticket, window: Pick<StatsWindow, 'from' | 'to'>): boolean {
  const opened = Date.parse(ticket.createdAt);
  return opened >= window.from.getTime() && opened <= window.to.getTime();
}

function zeroByStatus(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
}

function firstHumanAct(timeline: readonly TimelineEntry[]): string | undefined {
  const decided = decisionFacts(timeline).find(isHumanDecision)?.at;
  const byHand = timeline.find((entry) => entry.type === 'resolved.by_hand')?.at;
  if (!decided || !byHand) return decided ?? byHand;
  return Date.parse(decided) <= Date.parse(byHand) ? decided : byHand;
}

function pushDefined(samples: number[], value: number | undefined): void {
  if (value !== undefined && value >= 0) samples.push(value);
}

/** Figures over the incidents opened within `window`, using everything recorded about them so far. */
export function computeStats(
  tickets: readonly Ticket[],
  timelines: ReadonlyMap<string, readonly TimelineEntry[]>,
  window: Pick<StatsWindow, 'from' | 'to'>,
): IncidentStats {
  const inWindow = tickets.filter((ticket) => openedWithin(ticket, window));
  const byStatus = zeroByStatus();
  const acknowledge: number[] = [];
  const approvalWait: number[] = [];
  const resolve: number[] = [];
  let alerts = 0;
  let alertIncidents = 0;
  let remediated = 0;
  let auto = 0;
  let humanDecisions = 0;
  let approvals = 0;
  let rejections = 0;

  for (const ticket of inWindow) {
    const timeline = timelines.get(ticket.id) ?? [];
    const decisions = decisionFacts(timeline);
    byStatus[ticket.status] += 1;
    alerts += ticket.alerts.length;
    if (ticket.alerts.length > 0 && ticket.status !== 'Duplicate') alertIncidents += 1;

    const acknowledged = firstHumanAct(timeline);
    if (acknowledged) pushDefined(acknowledge, millisBetween(ticket.createdAt, acknowledged));
    const resolved = resolvedAt(ticket);
    if (resolved) pushDefined(resolve, millisBetween(ticket.createdAt, resolved));

    const requested = approvalRequests(timeline);
    for (const decision of decisions.filter(isHumanDecision)) {
      humanDecisions += 1;
      if (decision.kind === 'approved') approvals += 1;
      if (decision.kind === 'rejected') rejections += 1;
      const askedAt = requested.get(decision.round);
      if (askedAt) pushDefined(approvalWait, millisBetween(askedAt, decision.at));
    }
    const goAhead = decisions.find(startsRemediation);
    if (goAhead) {
      remediated += 1;
      if (goAhead.kind === 'auto') auto += 1;
    }
  }

  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    incidents: inWindow.length,
    open: inWindow.filter((ticket) => !isClosed(ticket.status)).length,
    byStatus,
    meanTimeToAcknowledgeMs: mean(acknowledge),
    meanApprovalWaitMs: mean(approvalWait),
    meanTimeToResolveMs: mean(resolve),
    alerts,
    alertsPerIncident: share(alerts, alertIncidents),
    autoRemediatedShare: share(auto, remediated),
    humanDecisions,
    approvalRate: share(approvals, humanDecisions),
    rejectionRate: share(rejections, humanDecisions),
  };
}
