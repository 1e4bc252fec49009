import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../../src/errors.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

describe('timeline store', () => {
  let runtime: TestRuntime;
  beforeEach(() => {
    runtime = createTestRuntime();
  });
  afterEach(() => runtime.dispose());

  it('writes details that fit their kind, refuses the rest and writes nothing for them', async () => {
    const { timeline } = runtime.ctx;
    await timeline.append('INC-0001', 'comment', { text: 'looking', ts: '1.000' }, { by: 'U1' });
    // A caller that slipped past the types (data from JSON, say): refused with the reason.
    const bad = { text: 42 } as unknown as { text: string; ts: string };
    await expect(timeline.append('INC-0001', 'comment', bad)).rejects.toThrow(PermanentError);
    await expect(timeline.append('INC-0001', 'comment', bad)).rejects.toThrow(/comment for INC-0001/);
    const read = await timeline.read('INC-0001');
    expect(read.map(({ type, by, data }) => ({ type, by, data }))).toEqual([
      { type: 'comment', by: 'U1', data: { text: 'looking', ts: '1.000' } },
    ]);
  });
});
