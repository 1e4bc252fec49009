import { afterEach, describe, expect, it } from 'vitest';
import { handOverToHumans } from '../../../src/pipeline/stage-failure.js';
import { openApiIncident } from '../../support/stage-runs.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

describe('handing an incident over to people', () => {
  let runtime: TestRuntime | undefined;
  afterEach(() => runtime?.dispose());

  it('happens once: a second failure of the same incident changes and says nothing', async () => {
    runtime = createTestRuntime();
    await openApiIncident(runtime.ctx, 'C0HANDOVER');

    expect(await handOverToHumans(runtime.ctx, 'INC-0001', 'rca', new Error('model down'))).toBe(true);
    expect(await handOverToHumans(runtime.ctx, 'INC-0001', 'plan', new Error('also down'))).toBe(false);

    const ticket = await runtime.ctx.tickets.require('INC-0001');
    expect(ticket).toMatchObject({ status: 'Needs_Followup', resolution: 'rca failed: model down' });
    const changes = (await runtime.ctx.timeline.read('INC-0001')).filter(
      (entry) => entry.type === 'status.changed',
    );
    expect(changes.map((entry) => entry.data)).toEqual([
      { to: 'Needs_Followup', reason: 'rca failed: model down' },
    ]);
  });
});
