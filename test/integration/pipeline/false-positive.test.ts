import { afterEach, describe, expect, it } from 'vitest';
import { reopenFalsePositive } from '../../../src/pipeline/hitl/manual-actions.js';
import { openIncident } from '../../../src/pipeline/open-incident.js';
import { createTestRuntime, type TestRuntime, waitFor, waitForStatus } from '../../support/test-runtime.js';

describe('false positives', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  it('closes an alert on a healthy estate as False_Positive with evidence, and Reopen diagnoses it in full', async () => {
    runtime = createTestRuntime();
    runtime.startIncidentWorker({ concurrency: 8 });
    const opened = await openIncident(runtime.ctx, {
      system: 'api',
      issue: 'p99 latency above 2 s',
      sev: 'sev2',
      source: 'alert',
      channel: null,
    });
    const closed = await waitForStatus(runtime, opened.id, [
      'False_Positive',
      'Awaiting_Approval',
      'Needs_Followup',
    ]);
    expect(closed.status).toBe('False_Positive');
    expect(closed.resolution).toMatch(/likely false positive \(\d+%\)/);
    const rt = runtime;
    // The status moves first; the evidence lands in the timeline right after.
    const verdict = await waitFor(async () =>
      (await rt.ctx.timeline.read(opened.id)).find((entry) => entry.type === 'false_positive'),
    );
    expect(verdict?.data.evidence).toEqual(expect.arrayContaining([expect.any(String)]));

    await reopenFalsePositive(runtime.ctx, opened.id, 'U0ONCALL');
    const reopened = await waitForStatus(runtime, opened.id, ['Awaiting_Approval', 'Needs_Followup']);
    expect(reopened.reopenedBy).toBe('U0ONCALL');
    const runs = await runtime.ctx.stages.runs(opened.id);
    expect(runs.find((run) => run.key === 'rca')?.state).toBe('done');
    expect(reopened.history.map((entry) => entry.to)).toContain('False_Positive');
  });

  it('does not call silence from an unknown service a false positive', async () => {
    runtime = createTestRuntime();
    runtime.startIncidentWorker({ concurrency: 8 });
    const opened = await openIncident(runtime.ctx, {
      system: 'payments-gateway',
      issue: 'checkout errors',
      sev: 'sev2',
      source: 'alert',
      channel: null,
    });
    const ticket = await waitForStatus(runtime, opened.id, [
      'False_Positive',
      'Awaiting_Approval',
      'Needs_Followup',
    ]);
    expect(ticket.status).not.toBe('False_Positive');
  });
});
