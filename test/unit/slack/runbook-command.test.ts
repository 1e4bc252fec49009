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
    expect(parseRunbookCommand('dry-run restart-shop shop')).toEqual({
      kind: 'usage',
      problem: 'unknown subcommand `dry-run`',
    });
  });
});
