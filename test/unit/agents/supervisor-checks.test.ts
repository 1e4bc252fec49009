import { describe, expect, it } from 'vitest';
import { processEvidenceLines } from '../../../src/agents/process-lines.js';
import { processFinding } from '../../../src/agents/rules/supervisor-checks.js';
import type { ProcessEvidence } from '../../../src/domain/process-evidence.js';

function read(overrides: Partial<Extract<ProcessEvidence, { available: true }>>): ProcessEvidence {
  return {
    service: 'payments',
    source: 'supervisord 127.0.0.1:9001 via executor lab-supervisor',
    program: 'payments',
    available: true,
    readAt: '2026-12-06T05:00:00.000Z',
    state: 'EXITED',
    exitStatus: 1,
    spawnError: '',
    description: 'Dec 06 05:00 AM',
    stoppedAt: '2026-12-06T04:59:50.000Z',
    logTail: [],
    ...overrides,
  };
}

describe('supervisord program evidence (what the metrics cannot tell apart)', () => {
  it('a program that ran and exited 1 with no config error crashed', () => {
    const finding = processFinding(read({ logTail: ['{"level":60,"msg":"crash fault: exiting"}'] }));
    expect(finding).toMatchObject({ service: 'payments', fault: 'crash', signal: 'supervisor_exit' });
    expect(finding?.evidence[0]).toContain('EXITED, exit status 1');
  });

  it('exit status 78 (EX_CONFIG) with a config error in its log is a bad config, above the scrape-down crash', () => {
    const finding = processFinding(
      read({
        exitStatus: 78,
        logTail: [
          '{"level":60,"err":{"message":"ledger_url is not a URL"},"msg":"reload failed: settings are invalid"}',
        ],
      }),
    );
    expect(finding).toMatchObject({ fault: 'bad_config', signal: 'supervisor_config_exit' });
    expect(finding?.confidence).toBeGreaterThan(90);
    expect(finding?.evidence.join('\n')).toContain('settings are invalid');
  });

  it('a config error in the log of a program that will not start is a bad config whatever its exit status', () => {
    const finding = processFinding(
      read({
        state: 'FATAL',
        exitStatus: 1,
        spawnError: 'Exited too quickly',
        logTail: ['Error: invalid config: port'],
      }),
    );
    expect(finding).toMatchObject({ fault: 'bad_config' });
  });

  it('a running or deliberately stopped program, or an unreadable one, gives no finding', () => {
    expect(processFinding(read({ state: 'RUNNING', exitStatus: 0 }))).toBeUndefined();
    expect(processFinding(read({ state: 'STOPPED', exitStatus: 0 }))).toBeUndefined();
    expect(
      processFinding({
        service: 'payments',
        source: 'executor x',
        program: 'payments',
        available: false,
        reason: 'refused',
      }),
    ).toBeUndefined();
    expect(processFinding(undefined)).toBeUndefined();
  });

  it('the lines the model and people read name the source, the state, the exit status and the log tail', () => {
    expect(processEvidenceLines(read({ exitStatus: 78, logTail: ['settings are invalid'] }))).toEqual([
      'supervisor program payments (supervisord 127.0.0.1:9001 via executor lab-supervisor), read 2026-12-06T05:00:00.000Z: EXITED, last exit status 78',
      'log: settings are invalid',
    ]);
    expect(
      processEvidenceLines({
        service: 'payments',
        source: 'executor x',
        program: 'payments',
        available: false,
        reason: 'refused',
      }),
    ).toEqual(['supervisor program payments (executor x): unavailable: refused']);
  });
});
