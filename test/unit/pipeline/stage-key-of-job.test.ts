import { describe, expect, it } from 'vitest';
import { INCIDENT_JOBS } from '../../../src/jobs.js';
import { stageKeyOf } from '../../../src/pipeline/dispatch.js';
import { isConnectionError } from '../../../src/store/redis-outage-log.js';

const stageKeyOfJob = stageKeyOf(INCIDENT_JOBS);

describe('the stage run a job records, from its declaration', () => {
  it('names the stage run each stage job records, round by round', () => {
    const incidentId = 'INC-0001';
    expect(stageKeyOfJob('intake', { incidentId })).toBe('intake');
    expect(stageKeyOfJob('triage', { incidentId, reopen: true })).toBe('triage');
    expect(stageKeyOfJob('specialist', { incidentId, kind: 'storage' })).toBe('specialist:storage');
    expect(stageKeyOfJob('rca', { incidentId })).toBe('rca');
    expect(stageKeyOfJob('plan', { incidentId, round: 1 })).toBe('plan');
    expect(stageKeyOfJob('guard', { incidentId, round: 2 })).toBe('guard:r2');
    expect(stageKeyOfJob('fix', { incidentId, round: 2, fixer: 'compute' })).toBe('fix:compute:r2');
    expect(stageKeyOfJob('verify', { incidentId, round: 3 })).toBe('verify:r3');
  });

  it('has no stage run for jobs that record none, or data it does not recognise', () => {
    expect(stageKeyOfJob('apply-decision', { incidentId: 'INC-0001', round: 1 })).toBeUndefined();
    expect(stageKeyOfJob('monitor-sweep', {})).toBeUndefined();
    expect(stageKeyOfJob('specialist', { incidentId: 'INC-0001', kind: 'toaster' })).toBeUndefined();
    expect(stageKeyOfJob('no-such-job', { incidentId: 'INC-0001' })).toBeUndefined();
  });
});

describe('isConnectionError', () => {
  it('tells an unreachable Redis from other errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    const retries = Object.assign(new Error('Reached the max retries per request limit (which is 2).'), {
      name: 'MaxRetriesPerRequestError',
    });
    expect(isConnectionError(refused)).toBe(true);
    expect(isConnectionError(retries)).toBe(true);
    expect(isConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(
      isConnectionError(new Error('WRONGTYPE Operation against a key holding the wrong kind of value')),
    ).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
  });
});
