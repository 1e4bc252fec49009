import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SPECIALIST_THRESHOLD, updateSpecialistThreshold } from '../../../src/agents/learning.js';
import { DEFAULT_THRESHOLD } from '../../../src/domain/faults.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

describe('specialist thresholds in Redis', () => {
  let runtime: TestRuntime;
  beforeEach(() => {
    runtime = createTestRuntime();
  });
  afterEach(() => runtime.dispose());

  it('moves each threshold as the pure rule does, from the default', async () => {
    const learning = runtime.ctx.learning;
    await learning.recordSpecialistUsefulness({ storage: true, web: false });
    await learning.recordSpecialistUsefulness({ storage: true });

    expect(await learning.thresholds()).toEqual({
      storage: updateSpecialistThreshold(updateSpecialistThreshold(DEFAULT_THRESHOLD, true), true),
      web: updateSpecialistThreshold(DEFAULT_THRESHOLD, false),
    });
  });

  it('loses no verdict when incidents record at the same time, and stays within bounds', async () => {
    const learning = runtime.ctx.learning;
    await Promise.all(
      Array.from({ length: 4 }, () => learning.recordSpecialistUsefulness({ network: false })),
    );
    expect((await learning.thresholds()).network).toBe(
      DEFAULT_THRESHOLD + 4 * SPECIALIST_THRESHOLD.uselessStep,
    );

    await Promise.all(
      Array.from({ length: 40 }, () => learning.recordSpecialistUsefulness({ network: false })),
    );
    expect((await learning.thresholds()).network).toBe(SPECIALIST_THRESHOLD.max);
    await Promise.all(
      Array.from({ length: 40 }, () => learning.recordSpecialistUsefulness({ network: true })),
    );
    expect((await learning.thresholds()).network).toBe(SPECIALIST_THRESHOLD.min);
  });

  it('writes nothing for an empty verdict', async () => {
    await runtime.ctx.learning.recordSpecialistUsefulness({});
    expect(await runtime.ctx.learning.thresholds()).toEqual({});
  });
});
