import { expect } from 'vitest';
import type { Ticket } from '../../src/domain/ticket.js';
import { APPROVE, MANUAL_STEP_DONE } from '../../src/slack/action-ids.js';
import { alertmanagerPayload } from './alertmanager-payloads.js';
import { click, hasButton, threadMessage } from './approval-flow.js';
import type { E2E } from './e2e.js';
import { waitFor } from './test-runtime.js';

/** Where verification ends. */
export const VERIFIED: readonly Ticket['status'][] = ['Resolved', 'Partially_Resolved', 'Needs_Followup'];

/** The first recent incident on `system` in one of `statuses`. */
export async function incidentOn(
  run: E2E,
  system: string,
  statuses: readonly Ticket['status'][],
  timeoutMs = 60_000,
) {
  return waitFor(
    async () =>
      (await run.warroom.runtime.ctx.tickets.listRecent(20)).find(
        (ticket) => ticket.system === system && statuses.includes(ticket.status),
      ),
    { timeoutMs, what: `an incident on ${system} in ${statuses.join('/')}` },
  );
}

/** One Alertmanager alert on `service` through the real webhook, then its incident in `statuses`. */
export async function alertAndWait(
  run: E2E,
  options: { token: string; service: string; alertname: string; statuses: readonly Ticket['status'][] },
) {
  const { service, alertname } = options;
  const response = await fetch(`${run.warroom.url}/webhooks/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    body: JSON.stringify(
      alertmanagerPayload([{ service, alertname, startsAt: new Date() }], `{}:${alertname}`),
    ),
  });
  expect(response.status).toBe(202);
  return incidentOn(run, service, options.statuses);
}

/** Approves in Slack, ticks every manual step, and waits for verification's verdict. */
export async function approveAndVerify(
  run: E2E,
  who: { channel: string; user: string },
  id: string,
): Promise<Ticket> {
  const { channel, user } = who;
  const { message } = await threadMessage(run, channel, id, 'approval:r1', (current) =>
    hasButton(current, APPROVE),
  );
  expect((await click(run, user, channel, message, APPROVE)).status).toBe(200);
  const ticket = await run.warroom.runtime.ctx.tickets.require(id);
  const checklist = await threadMessage(run, channel, id, 'manual', (current) =>
    JSON.stringify(current.blocks).includes(MANUAL_STEP_DONE),
  );
  for (const action of ticket.recommendations) {
    await run.driver.blockAction({
      userId: user,
      channelId: channel,
      messageTs: checklist.message.ts,
      actionId: `${MANUAL_STEP_DONE}:${action.id}`,
      value: `${id}:${action.id}`,
    });
  }
  return waitFor(
    async () => {
      const current = await run.warroom.runtime.ctx.tickets.require(id);
      return VERIFIED.includes(current.status) ? current : undefined;
    },
    { timeoutMs: 60_000, what: `${id}'s verification` },
  );
}
