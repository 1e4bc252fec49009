import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../../src/dev/slack-emulator/validate-blocks.js';
import { computeStats, parseWindow } from '../../../src/domain/incident-stats.js';
import { postmortemOf } from '../../../src/domain/postmortem.js';
import { checkMessageLimits, LIMITS } from '../../../src/slack/blocks/limits.js';
import { postmortemMessage, splitMarkdown } from '../../../src/slack/blocks/postmortem.js';
import { postmortemMarkdown } from '../../../src/slack/blocks/postmortem-text.js';
import type { SlackMessage } from '../../../src/slack/blocks/slack-types.js';
import { statsMessage } from '../../../src/slack/blocks/stats.js';
import { poolExhausted, restartDatabase, smallDay, story, timelinesOf } from '../domain/incident-story.js';

const NOW = new Date('2026-03-14T12:00:00.000Z');

function sectionTexts(message: SlackMessage): string[] {
  return message.blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));
}

function expectAccepted(message: SlackMessage): void {
  expect(checkMessageLimits(message, 'message')).toEqual([]);
  expect(validateBlocks(message.blocks, 'message')).toEqual([]);
}

describe('statsMessage', () => {
  const window = parseWindow('24h', NOW) ?? { from: NOW, to: NOW, label: '?' };

  it('gives every figure and a readable fallback', () => {
    const records = smallDay();
    const stats = computeStats(
      records.map((record) => record.ticket),
      timelinesOf(records),
      window,
    );
    const message = statsMessage(stats, window.label);
    expectAccepted(message);
    expect(message).toMatchSnapshot();
    expect(message.text).toBe(
      'Incident stats, last 24 h: 2 incidents (1 open), MTTA 9 m 00 s, MTTR 11 m 00 s, 2.5 alerts per incident, 50% remediated automatically, approvals 100%, rejections 0%',
    );
  });

  it('says n/a for what an empty window cannot measure', () => {
    const message = statsMessage(computeStats([], new Map(), window), window.label);
    expectAccepted(message);
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(json).toContain('*Mean time to resolve*\\nn/a');
    expect(json).toContain('*Approval rate*\\nn/a of 0 decisions');
    expect(json).toContain('No incidents in this window.');
    expect(message.text).toContain('0 incidents (0 open), MTTA n/a');
  });
});

describe('postmortemMessage', () => {
  it('carries a real postmortem in one section with its title as the fallback', () => {
    const { ticket, timeline } = story({ id: 'INC-0007', sev: 'sev1', alerts: 3 })
      .diagnosed(2, poolExhausted, [restartDatabase])
      .approvalRequested(5)
      .decision(9, 'approved', 'U0ONCALL')
      .stage(10, 'fix:compute', 'restarted database', 20_000)
      .status(11, 'Resolved')
      .build();
    const markdown = postmortemMarkdown(postmortemOf(ticket, timeline, { now: NOW }));
    const message = postmortemMessage('INC-0007', markdown);
    expectAccepted(message);
    expect(message.text).toBe('INC-0007 postmortem — Postmortem · INC-0007 · sev1 · Resolved');
    expect(sectionTexts(message)).toEqual([markdown]);
  });

  it('splits a long postmortem between paragraphs, within 3000 per section', () => {
    const paragraphs = Array.from({ length: 8 }, (_, i) => `*Part ${i}*\n${'word '.repeat(150).trim()}`);
    const pieces = splitMarkdown(paragraphs.join('\n\n'));
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect(piece.startsWith('*Part ')).toBe(true);
    }
    expect(pieces.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('closes and reopens a code block it has to cut', () => {
    const table = Array.from(
      { length: 300 },
      (_, i) => `03-14 08:${String(i % 60).padStart(2, '0')}  row ${i}`,
    );
    const pieces = splitMarkdown(['*Timeline*', '```', ...table, '```', '', '*After*'].join('\n'));
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect((piece.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(pieces.at(-1)?.endsWith('```\n\n*After*')).toBe(true);
    expect(pieces[1]?.startsWith('```\n03-14')).toBe(true);
  });

  it('caps what a single message can hold, however long the text', () => {
    const huge = Array.from(
      { length: 4000 },
      (_, i) => `• line ${i} ${'x'.repeat(i % 7 === 0 ? 5000 : 80)}`,
    ).join('\n');
    const message = postmortemMessage('INC-0007', huge);
    expectAccepted(message);
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks.message);
    expect(JSON.stringify(message.blocks.at(-1))).toContain('the rest does not fit one Slack message');
  });

  it('still says something for an empty postmortem', () => {
    const message = postmortemMessage('INC-0007', '');
    expectAccepted(message);
    expect(message.text).toBe('INC-0007 postmortem');
  });
});
