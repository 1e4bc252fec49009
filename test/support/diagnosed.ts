import type { Ticket } from '../../src/domain/ticket.js';
import { openIncident } from '../../src/pipeline/open-incident.js';
import { type TestRuntime, waitForStatus } from './test-runtime.js';

/** Where diagnosis ends: a plan waiting for people, a follow-up, or a false positive. */
export const DIAGNOSED: readonly Ticket['status'][] = [
  'Awaiting_Approval',
  'Needs_Followup',
  'False_Positive',
];

/** Opens an alert incident on `system` (a worker must be running) and waits until it is diagnosed. */
export async function diagnosedIncident(
  runtime: TestRuntime,
  system: string,
  issue: string,
): Promise<Ticket> {
  const opened = await openIncident(runtime.ctx, {
    system,
    issue,
    sev: 'sev2',
    source: 'alert',
    channel: null,
  });
  return waitForStatus(runtime, opened.id, DIAGNOSED);
}
