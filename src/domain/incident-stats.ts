import { isClosed, STATUSES, type Status } from './status.js';
import type { Ticket } from './ticket.js';
import { type TimelineEntry, type TimelineEvent, timelineEvents } from './timeline.js';
import {
  approvalRequests,
  decisionFacts,
  eventsOf,
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

/** A sum and a count: means combine across sources (Redis, PostgreSQL) without the samples. */
export interface Sample {
  sum: number;
  count: number;
}

/**
 * The figures' parts, summable: what the incidents of one source add up to. Redis' hot incidents
 * are tallied here, the archived ones by SQL aggregates; `statsOf` turns their sum into the stats.
 */
export interface StatsTally {
  incidents: number;
  open: number;
  byStatus: Record<Status, number>;
  acknowledge: Sample;
  approvalWait: Sample;
  resolve: Sample;
  alerts: number;
  alertIncidents: number;
  remediated: number;
  auto: number;
  humanDecisions: number;
  approvals: number;
  rejections: number;
}

const COUNTS = [
  'incidents',
  'open',
  'alerts',
  'alertIncidents',
  'remediated',
  'auto',
  'humanDecisions',
  'approvals',
  'rejections',
] as const;
const SAMPLES = ['acknowledge', 'approvalWait', 'resolve'] as const;

export function emptyTally(): StatsTally {
  return {
    ...(Object.fromEntries(COUNTS.map((name) => [name, 0])) as Record<(typeof COUNTS)[number], number>),
    ...(Object.fromEntries(SAMPLES.map((name) => [name, { sum: 0, count: 0 }])) as Record<
      (typeof SAMPLES)[number],
      Sample
    >),
    byStatus: zeroByStatus(),
  };
}

export function addTallies(a: StatsTally, b: StatsTally): StatsTally {
  const sum = emptyTally();
  for (const name of COUNTS) sum[name] = a[name] + b[name];
  for (const name of SAMPLES) {
    sum[name] = { sum: a[name].sum + b[name].sum, count: a[name].count + b[name].count };
  }
  for (const status of STATUSES) sum.byStatus[status] = a.byStatus[status] + b.byStatus[status];
  return sum;
}

function mean(sample: Sample): number | null {
  return sample.count === 0 ? null : sample.sum / sample.count;
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

function firstHumanAct(timeline: readonly TimelineEvent[]): string | undefined {
  const decided = decisionFacts(timeline).find(isHumanDecision)?.at;
  const byHand = eventsOf(timeline, 'resolved.by_hand')[0]?.at;
  if (!decided || !byHand) return decided ?? byHand;
  return Date.parse(decided) <= Date.parse(byHand) ? decided : byHand;
}

function addSample(sample: Sample, value: number | undefined): void {
  if (value === undefined || value < 0) return;
  sample.sum += value;
  sample.count += 1;
}

/** The parts of the figures over the incidents opened within `window`, from everything recorded about them. */
export function tallyIncidents(
  tickets: readonly Ticket[],
  timelines: ReadonlyMap<string, readonly TimelineEntry[]>,
  window: Pick<StatsWindow, 'from' | 'to'>,
): StatsTally {
  const tally = emptyTally();
  for (const ticket of tickets.filter((candidate) => openedWithin(candidate, window))) {
    const timeline = timelineEvents(timelines.get(ticket.id) ?? []);
    const decisions = decisionFacts(timeline);
    tally.incidents += 1;
    if (!isClosed(ticket.status)) tally.open += 1;
    tally.byStatus[ticket.status] += 1;
    tally.alerts += ticket.alerts.length;
    if (ticket.alerts.length > 0 && ticket.status !== 'Duplicate') tally.alertIncidents += 1;

    const acknowledged = firstHumanAct(timeline);
    if (acknowledged) addSample(tally.acknowledge, millisBetween(ticket.createdAt, acknowledged));
    const resolved = resolvedAt(ticket);
    if (resolved) addSample(tally.resolve, millisBetween(ticket.createdAt, resolved));

    const requested = approvalRequests(timeline);
    for (const decision of decisions.filter(isHumanDecision)) {
      tally.humanDecisions += 1;
      if (decision.kind === 'approved') tally.approvals += 1;
      if (decision.kind === 'rejected') tally.rejections += 1;
      const askedAt = requested.get(decision.round);
      if (askedAt) addSample(tally.approvalWait, millisBetween(askedAt, decision.at));
    }
    const goAhead = decisions.find(startsRemediation);
    if (goAhead) {
      tally.remediated += 1;
      if (goAhead.kind === 'auto') tally.auto += 1;
    }
  }
  return tally;
}

/** The figures of a tally (of one source, or of several added up). */
export function statsOf(tally: StatsTally, window: Pick<StatsWindow, 'from' | 'to'>): IncidentStats {
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    incidents: tally.incidents,
    open: tally.open,
    byStatus: tally.byStatus,
    meanTimeToAcknowledgeMs: mean(tally.acknowledge),
    meanApprovalWaitMs: mean(tally.approvalWait),
    meanTimeToResolveMs: mean(tally.resolve),
    alerts: tally.alerts,
    alertsPerIncident: share(tally.alerts, tally.alertIncidents),
    autoRemediatedShare: share(tally.auto, tally.remediated),
    humanDecisions: tally.humanDecisions,
    approvalRate: share(tally.approvals, tally.humanDecisions),
    rejectionRate: share(tally.rejections, tally.humanDecisions),
  };
}

/** Figures over the incidents opened within `window`, using everything recorded about them so far. */
export function computeStats(
  tickets: readonly Ticket[],
  timelines: ReadonlyMap<string, readonly TimelineEntry[]>,
  window: Pick<StatsWindow, 'from' | 'to'>,
): IncidentStats {
  return statsOf(tallyIncidents(tickets, timelines, window), window);
}
