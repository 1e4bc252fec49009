import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../../src/domain/faults.js';
import { FAULT_TARGETS } from '../../../src/sim/fault-targets.js';
import { injectScenarios, parseInjectCommand } from '../../../src/slack/commands/inject-command.js';

describe('/inject parsing', () => {
  it.each(['', '  ', 'help', 'HELP'])('shows usage for %j', (text) => {
    expect(parseInjectCommand(text)).toEqual({ kind: 'usage' });
  });

  it('defaults the service per fault', () => {
    for (const fault of FAULT_KINDS) {
      expect(parseInjectCommand(fault)).toEqual({
        kind: 'fault',
        fault,
        service: FAULT_TARGETS[fault].defaultService,
      });
    }
  });

  it('takes an explicit service', () => {
    expect(parseInjectCommand('crash api')).toEqual({ kind: 'fault', fault: 'crash', service: 'api' });
    expect(parseInjectCommand('  Crash   AUTH ')).toEqual({ kind: 'fault', fault: 'crash', service: 'auth' });
  });

  it('maps full to the canned sev1 on web-edge and duplicate to a re-fire', () => {
    expect(parseInjectCommand('full')).toEqual({
      kind: 'fault',
      fault: 'web_5xx',
      service: 'web-edge',
      sev: 'sev1',
    });
    expect(parseInjectCommand('duplicate')).toEqual({ kind: 'duplicate' });
  });

  it.each([
    ['explode', /Unknown scenario `explode`/],
    ['crash mainframe', /Unknown service `mainframe`/],
    ['disk_full api', /does not apply to `api`/],
    ['crash api now', /Too many arguments/],
    ['duplicate api', /takes no service/],
    ['full api', /always runs on `web-edge`/],
  ])('explains what is wrong with %j', (text, problem) => {
    const parsed = parseInjectCommand(text);
    expect(parsed.kind).toBe('usage');
    expect(parsed.kind === 'usage' && parsed.problem).toMatch(problem);
  });

  it('names the simulated services sim:<name> in the help beside a catalog, and accepts that form', () => {
    const scenarios = injectScenarios('sim:');
    expect(scenarios.flatMap((scenario) => scenario.services).every((name) => name.startsWith('sim:'))).toBe(
      true,
    );
    expect(scenarios.find((scenario) => scenario.name === 'crash')?.defaultService).toBe('sim:api');
    expect(parseInjectCommand('crash sim:worker')).toEqual({
      kind: 'fault',
      fault: 'crash',
      service: 'worker',
    });
  });

  it('lists full, duplicate and every fault in the help', () => {
    const names = injectScenarios().map((scenario) => scenario.name);
    expect(names).toEqual(['full', 'duplicate', ...FAULT_KINDS]);
  });
});

describe('/incident parsing', async () => {
  const { parseIncidentCommand } = await import('../../../src/slack/commands/incident-command.js');
  it.each([
    ['list', { kind: 'list' }],
    ['list awaiting_approval', { kind: 'list', status: 'Awaiting_Approval' }],
    ['show 7', { kind: 'show', id: 'INC-0007' }],
    ['postmortem inc-12', { kind: 'postmortem', id: 'INC-0012' }],
    ['resolve INC-0003 vendor fixed it', { kind: 'resolve', id: 'INC-0003', note: 'vendor fixed it' }],
    ['stats', { kind: 'stats' }],
    ['stats 7D', { kind: 'stats', window: '7d' }],
    [
      'declare checkout payments failing sev1',
      { kind: 'declare', system: 'checkout', issue: 'payments failing', sev: 'sev1' },
    ],
    ['declare api slow', { kind: 'declare', system: 'api', issue: 'slow' }],
    ['kill-switch ON', { kind: 'kill-switch', on: true }],
    ['services', { kind: 'services' }],
  ])('parses %j', (text, expected) => {
    expect(parseIncidentCommand(text)).toEqual(expected);
  });

  it.each([
    '',
    'help',
    'nope',
    'show',
    'show 1 2',
    'postmortem',
    'kill-switch',
    'declare api',
    'list nonsense',
    'services all',
  ])('answers %j with the help', (text) => {
    expect(parseIncidentCommand(text).kind).toBe('help');
  });
});
