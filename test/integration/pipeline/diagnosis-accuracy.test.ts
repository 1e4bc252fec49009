import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_CATALOG, FAULT_KINDS } from '../../../src/domain/faults.js';
import { withStatus } from '../../../src/domain/ticket.js';
import { injectAndOpen } from '../../../src/pipeline/inject.js';
import { initialEstate } from '../../../src/sim/estate/index.js';
import { FAULT_TARGETS } from '../../../src/sim/fault-targets.js';
import { simulatedTelemetry } from '../../../src/sim/simulated-telemetry.js';
import { createTestRuntime, type TestRuntime, waitForStatus } from '../../support/test-runtime.js';

const SEEDS = [7, 42];
const cases = FAULT_KINDS.flatMap((fault) =>
  FAULT_TARGETS[fault].appliesTo.flatMap((service) => SEEDS.map((seed) => ({ fault, service, seed }))),
);

describe('diagnosis over the real Redis and BullMQ', () => {
  let runtime: TestRuntime;
  let seed = SEEDS[0] ?? 1;

  beforeAll(() => {
    runtime = createTestRuntime({ telemetry: (base) => simulatedTelemetry(base.estate, () => seed) });
    runtime.startIncidentWorker({ concurrency: 8 });
  });
  afterAll(async () => {
    await runtime.dispose();
  });

  it.each(cases)('names $service and $fault as the root cause (seed $seed, noise on)', async (testCase) => {
    seed = testCase.seed;
    await runtime.ctx.estate.update(() => initialEstate());
    const opened = await injectAndOpen(runtime.ctx, {
      fault: testCase.fault,
      service: testCase.service,
      channel: null,
    });
    const ticket = await waitForStatus(runtime, opened.id, [
      'Awaiting_Approval',
      'Needs_Followup',
      'Duplicate',
    ]);

    expect(ticket.status).toBe('Awaiting_Approval');
    expect(ticket.rca?.rootService).toBe(testCase.service);
    expect(ticket.rca?.fault).toBe(testCase.fault);
    expect(ticket.recommendations[0]?.kind).toBe(FAULT_CATALOG[testCase.fault].remediation[0]);
    expect(ticket.confidence?.score).toBeGreaterThan(0);

    // Close it so the next case on the same service is not taken for a duplicate.
    await runtime.ctx.tickets.update(ticket.id, (current) =>
      withStatus(current, 'Resolved', { now: new Date() }),
    );
  });
});
