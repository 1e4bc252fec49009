/**
 * The lab loop's steps, shared by the lab e2e test and `npm run eval -- --lab`: heal everything and
 * wait for quiet, break a service for real, wait for the incident the real alert opens, for its
 * approval message, click Approve through the signed driver, wait for the verdict, and ask
 * Prometheus (not Warroom) whether the service is really healthy.
 */
import type { StoredMessage } from '../../src/dev/slack-emulator/index.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { APPROVE } from '../../src/slack/action-ids.js';
import { FaultRequest } from '../services/fault-state.js';
import { type LabFault, restartSensitiveScope, SHOP } from '../topology.js';
import type { LabWarroom } from './lab-warroom.js';
import { queryPrometheus } from './prometheus-query.js';
import { breakService, healServices } from './service-control.js';
import { waitFor } from './wait-for.js';

/** Where verification ends. */
export const VERDICTS: readonly Ticket['status'][] = [
  'Resolved',
  'Partially_Resolved',
  'Needs_Followup',
  'False_Positive',
  'Rejected',
];
/** Where the diagnosis ends and a person is asked (or the crew decided alone). */
const DIAGNOSED: readonly Ticket['status'][] = ['Awaiting_Approval', 'Remediating', ...VERDICTS];

const APPROVAL_KEY = 'approval:r1';

function keyOf(message: StoredMessage): unknown {
  return message.metadata?.event_payload?.key;
}

/** The value of the button `actionId` in a message's blocks (what Slack sends back on a click). */
function buttonValue(message: StoredMessage, actionId: string): string | undefined {
  for (const block of (message.blocks ?? []) as Array<Record<string, unknown>>) {
    const elements = Array.isArray(block.elements) ? (block.elements as Array<Record<string, unknown>>) : [];
    const button = elements.find((element) => element.action_id === actionId);
    if (typeof button?.value === 'string') return button.value;
  }
  return undefined;
}

/** Every service healed (started again if it is down) and its faults cleared. */
export async function healAll(loop: LabWarroom, supervisorctl: string): Promise<void> {
  await healServices(
    loop.lab.layout,
    supervisorctl,
    SHOP.map((service) => service.name),
  );
}

/** Alerts Prometheus holds as firing now: `alertname/service`. */
export async function firingAlerts(loop: LabWarroom): Promise<string[]> {
  const samples = await queryPrometheus(loop.lab.urls.prometheus, 'ALERTS{alertstate="firing"}');
  return samples.map((sample) => `${sample.labels.alertname}/${sample.labels.service}`).sort();
}

/** Waits until every service answers its scrape and no alert is firing or pending. */
export async function waitForQuiet(loop: LabWarroom, timeoutMs: number): Promise<void> {
  const prometheus = loop.lab.urls.prometheus;
  await waitFor(
    'every lab service up and no alert firing or pending',
    async () => {
      const [up, alerts] = await Promise.all([
        queryPrometheus(prometheus, 'up{job="lab"}'),
        queryPrometheus(prometheus, 'ALERTS'),
      ]);
      const allUp = up.length === SHOP.length && up.every((sample) => sample.value === 1);
      if (!allUp) throw new Error(`down: ${up.filter((s) => s.value !== 1).map((s) => s.labels.service)}`);
      if (alerts.length > 0)
        throw new Error(`alerts: ${alerts.map((s) => `${s.labels.alertname}/${s.labels.service}`)}`);
      return true;
    },
    { timeoutMs, intervalMs: 1_000 },
  );
}

/**
 * Waits until the telemetry a diagnosis of `service` will read is clean: `service`, every service it
 * calls, and any cache its callers call (`restartSensitiveScope`) have run longer than `spanSeconds`
 * (no restart, no fresh start: a restarted process's first requests are slow, its callers see it
 * refuse while it is down, a restarted cache is cold) and none of them has had an alert, pending or
 * firing, within it. A stateless caller's restart does not touch `service`'s own metrics, so a case
 * can start while the previous case's service (a caller) is still settling. Answers how long it
 * waited.
 */
export async function waitForCleanBaseline(
  loop: LabWarroom,
  service: string,
  spanSeconds: number,
  timeoutMs: number,
): Promise<number> {
  const prometheus = loop.lab.urls.prometheus;
  const chain = restartSensitiveScope(service);
  const selector = `job="lab",service=~"${chain.join('|')}"`;
  const started = Date.now();
  await waitFor(
    `${chain.join(', ')} running and without alerts for ${spanSeconds} s`,
    async () => {
      const [uptime, alerts] = await Promise.all([
        queryPrometheus(prometheus, `time() - process_start_time_seconds{${selector}}`),
        queryPrometheus(prometheus, `count_over_time(ALERTS{${selector}}[${spanSeconds}s])`),
      ]);
      const young = uptime.filter((sample) => sample.value <= spanSeconds).map((s) => s.labels.service);
      if (uptime.length < chain.length || young.length > 0)
        throw new Error(`started within ${spanSeconds} s: ${young.join(', ') || 'not all scraped'}`);
      if (alerts.length > 0)
        throw new Error(`alerts: ${alerts.map((s) => `${s.labels.alertname}/${s.labels.service}`)}`);
      return true;
    },
    { timeoutMs, intervalMs: 1_000 },
  );
  return Date.now() - started;
}

/** Breaks `service` with `fault` for real (a crash or a bad config ends its process). */
export async function breakLab(loop: LabWarroom, service: string, fault: LabFault): Promise<void> {
  await breakService(loop.lab.layout, service, FaultRequest.parse({ fault }));
}

/** The first incident opened at or after `since` (ms). */
export async function incidentOpenedSince(
  loop: LabWarroom,
  since: number,
  timeoutMs: number,
): Promise<Ticket> {
  const tickets = loop.warroom.runtime.ctx.tickets;
  return waitFor(
    `an incident opened by an alert after ${new Date(since).toISOString()}`,
    async () =>
      (await tickets.listRecent(20))
        .filter((ticket) => Date.parse(ticket.createdAt) >= since)
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))[0],
    { timeoutMs, intervalMs: 250 },
  );
}

/** The incident once its diagnosis is done (a person is asked, or the crew decided alone). */
export async function diagnosisOf(loop: LabWarroom, id: string, timeoutMs: number): Promise<Ticket> {
  const tickets = loop.warroom.runtime.ctx.tickets;
  return waitFor(
    `${id}'s diagnosis`,
    async () => {
      const current = await tickets.require(id);
      return DIAGNOSED.includes(current.status) ? current : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** The incident's approval message in its thread, once it carries an Approve button. */
export async function approvalMessage(
  loop: LabWarroom,
  id: string,
  timeoutMs: number,
): Promise<StoredMessage> {
  const { emulator, channel } = loop;
  return waitFor(
    `${id}'s approval message`,
    async () => {
      const card = emulator.messages(channel).find((message) => message.text.startsWith(`${id} · `));
      if (!card) return undefined;
      const asked = emulator.thread(channel, card.ts).find((message) => keyOf(message) === APPROVAL_KEY);
      const current = asked ? emulator.message(channel, asked.ts) : undefined;
      return current && buttonValue(current, APPROVE) ? current : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

/** The approver clicks Approve: a signed block action to the real Bolt app. */
export async function clickApprove(loop: LabWarroom, message: StoredMessage): Promise<void> {
  const value = buttonValue(message, APPROVE);
  if (!value) throw new Error(`no Approve button on message ${message.ts}`);
  const response = await loop.driver.blockAction({
    userId: loop.approver,
    channelId: loop.channel,
    messageTs: message.ts,
    threadTs: message.threadTs,
    actionId: APPROVE,
    value,
  });
  if (response.status !== 200) throw new Error(`Approve answered ${response.status}`);
}

/** The incident once verification has ruled (Resolved, Partially_Resolved, Needs_Followup…). */
export async function verdictOf(loop: LabWarroom, id: string, timeoutMs: number): Promise<Ticket> {
  const tickets = loop.warroom.runtime.ctx.tickets;
  return waitFor(
    `${id}'s verdict`,
    async () => {
      const current = await tickets.require(id);
      return VERDICTS.includes(current.status) ? current : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/**
 * Prometheus's own word on `service` now: its target answers (`up` 1) and no alert on it is
 * firing. What is still wrong is listed.
 */
export async function prometheusVerdict(
  loop: LabWarroom,
  service: string,
): Promise<{ healthy: boolean; problems: string[] }> {
  const prometheus = loop.lab.urls.prometheus;
  const [up, alerts] = await Promise.all([
    queryPrometheus(prometheus, `up{job="lab",service="${service}"}`),
    queryPrometheus(prometheus, `ALERTS{alertstate="firing",service="${service}"}`),
  ]);
  const problems = [
    ...(up[0]?.value === 1 ? [] : [`up{service="${service}"} is ${up[0]?.value ?? 'absent'}`]),
    ...alerts.map((sample) => `${sample.labels.alertname} firing`),
  ];
  return { healthy: problems.length === 0, problems };
}

const CLOSED: readonly Ticket['status'][] = ['Resolved', 'False_Positive', 'Rejected', 'Duplicate'];

/**
 * What the on-call does after fixing by hand: `/incident resolve ID` for an incident the crew left
 * open (Needs_Followup, Partially_Resolved, a plan nobody ran), so the next alert opens its own.
 */
export async function closeIncident(loop: LabWarroom, id: string, timeoutMs: number): Promise<void> {
  const tickets = loop.warroom.runtime.ctx.tickets;
  if (CLOSED.includes((await tickets.require(id)).status)) return;
  const response = await loop.driver.slashCommand({
    command: '/incident',
    text: `resolve ${id} healed by the lab`,
    userId: loop.approver,
    channelId: loop.channel,
  });
  if (response.status !== 200) throw new Error(`/incident resolve ${id} answered ${response.status}`);
  await waitFor(
    `${id} to close`,
    async () => (CLOSED.includes((await tickets.require(id)).status) ? true : undefined),
    { timeoutMs, intervalMs: 250 },
  );
}

/**
 * Closes every incident still open, whenever it opened: those this fault opened and those a heal
 * opened (a restart's brief alert after the case before ended). One left open would take the next
 * fault's alerts by correlation (a linked service, its window extended by every alert it takes),
 * and that fault would never open an incident of its own. Answers what it closed: id, service,
 * status and when it opened.
 */
export async function closeOpenIncidents(loop: LabWarroom, timeoutMs: number): Promise<string[]> {
  const open = await loop.warroom.runtime.ctx.tickets.listOpenHeads();
  for (const ticket of open) await closeIncident(loop, ticket.id, timeoutMs);
  return open.map((ticket) => `${ticket.id} ${ticket.system} ${ticket.status} opened ${ticket.createdAt}`);
}

/** Whether the incident's plan is a runbook (steps on real executors) rather than a manual checklist. */
export function runsRunbook(ticket: Ticket): boolean {
  return (
    ticket.recommendations.length > 0 &&
    ticket.recommendations.every((action) => /\brunbook \S+ step /.test(action.description))
  );
}
