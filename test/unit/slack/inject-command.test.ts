import { describe, expect, it } from 'vitest';
import { FAULT_CATALOG, FAULT_KINDS } from '../../../src/domain/faults.js';
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
        service: FAULT_CATALOG[fault].defaultService,
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

  it('lists full, duplicate and every fault in the help', () => {
    const names = injectScenarios().map((scenario) => scenario.name);
    expect(names).toEqual(['full', 'duplicate', ...FAULT_KINDS]);
  });
});
