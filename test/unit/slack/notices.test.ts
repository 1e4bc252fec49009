import { describe, expect, it } from 'vitest';
import { duplicateNotice, errorNotice } from '../../../src/slack/blocks/notices.js';
import { incidentHelp, injectUsage } from '../../../src/slack/blocks/usage.js';

describe('notices', () => {
  it('links the parent when its permalink is known, and only a safe one', () => {
    const linked = duplicateNotice({
      id: 'INC-0009',
      parent: 'INC-0003',
      parentPermalink: 'https://x.slack.com/p1',
    });
    expect(linked.text).toBe('Duplicate of INC-0003 (INC-0009 closed)');
    expect(JSON.stringify(linked.blocks)).toContain('<https://x.slack.com/p1|INC-0003>');
    const unsafe = duplicateNotice({
      id: 'INC-0009',
      parent: 'INC-0003',
      parentPermalink: 'javascript:alert(1)',
    });
    expect(JSON.stringify(unsafe.blocks)).toContain('Duplicate of *INC-0003*');
  });

  it('names the reference to grep the logs for', () => {
    expect(errorNotice({ ref: '8f3a2c' }).text).toBe(
      'Something went wrong (ref 8f3a2c). Nothing was changed.',
    );
    expect(errorNotice({ ref: '8f3a2c', nothingChanged: false }).text).not.toContain('Nothing was changed');
  });
});

describe('usage', () => {
  const scenarios = [
    { name: 'crash', description: 'OOMKilled, exit 137', defaultService: 'api', services: ['api', 'worker'] },
    { name: 'full', description: 'the canned sev1', defaultService: 'web-edge', services: ['web-edge'] },
  ];

  it('says the problem first, then every scenario with its default service', () => {
    const message = injectUsage({
      scenarios,
      services: ['api', 'worker', 'web-edge'],
      problem: 'Unknown scenario `foo`.',
    });
    expect(message.text.startsWith('Unknown scenario `foo`.')).toBe(true);
    const json = JSON.stringify(message.blocks);
    expect(json.indexOf('Unknown scenario')).toBeLessThan(json.indexOf('`crash`'));
    expect(json).toContain('default `api`');
    expect(json).toContain('`/inject crash api`');
  });

  it('derives the services from the scenarios when not given', () => {
    expect(JSON.stringify(injectUsage({ scenarios }).blocks)).toContain(
      '*Services:* `api`, `worker`, `web-edge`',
    );
  });

  it('lists every /incident subcommand', () => {
    const json = JSON.stringify(incidentHelp().blocks);
    for (const sub of ['list [status]', 'show ID', 'resolve ID [note]', 'kill-switch on|off', 'help']) {
      expect(json).toContain(`/incident ${sub}`);
    }
    expect(incidentHelp('Unknown subcommand `frob`.').text).toMatch(/^Unknown subcommand `frob`\./);
  });
});
