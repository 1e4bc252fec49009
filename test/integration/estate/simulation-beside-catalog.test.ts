import { afterEach, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../src/domain/catalog/index.js';
import type { Ticket } from '../../../src/domain/ticket.js';
import { claimDecision } from '../../../src/pipeline/hitl/claim-decision.js';
import { injectAndOpen } from '../../../src/pipeline/inject.js';
import { openIncident } from '../../../src/pipeline/open-incident.js';
import { DryRunOutput } from '../../../src/pipeline/review/dry-run-output.js';
import { servicesNow } from '../../../src/pipeline/services-report.js';
import { inRound, REVIEW_STAGES } from '../../../src/pipeline/stage-catalog.js';
import { createTestRuntime, type TestRuntime, waitForStatus } from '../../support/test-runtime.js';

/** A catalog whose `api` shares its name with the simulated estate's. */
const CATALOG = `services:
  - name: api
    owner: { team: team-platform, slack: U0PLATFORM }
    tier: 1
`;

function catalog() {
  const outcome = parseCatalog([{ name: 'catalog.yaml', text: CATALOG }]);
  if (!outcome.ok) throw new Error('the test catalog is invalid');
  return outcome.catalog;
}

const FINAL: readonly Ticket['status'][] = ['Resolved', 'Partially_Resolved', 'Needs_Followup'];

describe('/inject beside a catalog: the simulation keeps working as sim:<name>', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  it('breaks and heals sim:api, never the catalog api, and shows the simulated names everywhere', async () => {
    runtime = createTestRuntime({ catalog: catalog() });
    runtime.startIncidentWorker({ concurrency: 8 });
    const { ctx } = runtime;
    const opened = await injectAndOpen(ctx, { fault: 'crash', service: 'api', channel: null });
    expect(opened.system).toBe('sim:api');

    const diagnosed = await waitForStatus(runtime, opened.id, [
      'Awaiting_Approval',
      ...FINAL,
      'False_Positive',
    ]);
    expect(diagnosed.status).toBe('Awaiting_Approval');
    expect(diagnosed.rca).toMatchObject({ rootService: 'sim:api', fault: 'crash' });
    expect(diagnosed.recommendations.map((action) => action.target)).toEqual(['sim:api', 'sim:api']);
    const dry = await ctx.stages.output(opened.id, inRound(REVIEW_STAGES.sandbox, 1).key, DryRunOutput);
    expect(dry?.summary).toMatch(/^Predicted to help: sim:api health \d+ → \d+/);
    expect(dry?.predicted.every((entry) => entry.service.startsWith('sim:'))).toBe(true);

    const decided = await claimDecision(ctx, opened.id, 1, {
      kind: 'approved',
      by: 'U0ONCALL',
      at: new Date().toISOString(),
    });
    expect(decided).toEqual({ kind: 'accepted' });
    const verified = await waitForStatus(runtime, opened.id, FINAL, 30_000);
    expect(verified.status).toBe('Resolved');
    expect(verified.resolution).toBe('sim:api and its callers are healthy again');

    // The catalog's api was never read from the simulation: with no Prometheus it is unknown.
    expect(await servicesNow(ctx)).toEqual([
      {
        name: 'api',
        state: 'unknown',
        owner: 'team-platform',
        tier: 1,
        reasons: [],
        unmeasured: ['no data for up, error_rate_pct on api: PROMETHEUS_URL is not set'],
      },
    ]);
  });

  it("a person's override on a catalog service becomes manual steps for its owner: nothing runs by itself", async () => {
    runtime = createTestRuntime({ catalog: catalog() });
    runtime.startIncidentWorker({ concurrency: 8 });
    const { ctx } = runtime;
    const opened = await openIncident(ctx, {
      system: 'api',
      issue: 'checkout returns 500 for 30 percent of requests',
      sev: 'sev2',
      source: 'manual',
      channel: null,
    });
    const diagnosed = await waitForStatus(runtime, opened.id, [
      'Awaiting_Approval',
      ...FINAL,
      'False_Positive',
    ]);
    expect(diagnosed.status).toBe('Awaiting_Approval');
    expect(diagnosed.rca?.summary).toBe('No data for api: its health is unknown, not healthy');

    await claimDecision(ctx, opened.id, 1, {
      kind: 'overridden',
      by: 'U0ONCALL',
      at: new Date().toISOString(),
      steps: ['restart api', 'ask the vendor about the 500s'],
    });
    const remediating = await waitForStatus(runtime, opened.id, ['Remediating']);
    expect(remediating.recommendations.map(({ kind, target }) => ({ kind, target }))).toEqual([
      { kind: 'manual', target: 'api' },
      { kind: 'manual', target: 'api' },
    ]);
    expect(remediating.recommendations[0]?.description).toBe(
      'By hand: rolling restart on api (no executor for api); for <@U0PLATFORM> (team-platform)',
    );
  });
});
