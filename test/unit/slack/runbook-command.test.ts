import { describe, expect, it } from 'vitest';
import { parseRunbookCommand } from '../../../src/slack/commands/runbook-command.js';

describe('/runbook parsing', () => {
  it('reads list and show', () => {
    expect(parseRunbookCommand('list')).toEqual({ kind: 'list' });
    expect(parseRunbookCommand(' list  shop ')).toEqual({ kind: 'list', service: 'shop' });
    expect(parseRunbookCommand('show restart-shop')).toEqual({ kind: 'show', id: 'restart-shop' });
  });

  it('answers the usage, naming the problem, for anything else', () => {
    expect(parseRunbookCommand('')).toEqual({ kind: 'usage' });
    expect(parseRunbookCommand('help')).toEqual({ kind: 'usage' });
    expect(parseRunbookCommand('show')).toEqual({ kind: 'usage', problem: '`show` takes one runbook id' });
    expect(parseRunbookCommand('dry-run restart-shop')).toEqual({
      kind: 'usage',
      problem: '`dry-run` takes a runbook id and a service',
    });
    expect(parseRunbookCommand('dry-run restart-shop shop program')).toEqual({
      kind: 'usage',
      problem: '`program` is not param=value',
    });
    expect(parseRunbookCommand('frob')).toEqual({ kind: 'usage', problem: 'unknown subcommand `frob`' });
  });

  it('reads dry-run with its param overrides', () => {
    expect(parseRunbookCommand('dry-run restart-shop shop program=shop n=2')).toEqual({
      kind: 'dry-run',
      id: 'restart-shop',
      service: 'shop',
      overrides: new Map([
        ['program', 'shop'],
        ['n', '2'],
      ]),
    });
  });
});
