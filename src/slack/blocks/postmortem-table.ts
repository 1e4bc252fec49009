/** The postmortem's timeline as a fixed-width table in a code block, so its columns line up in Slack. */
import type { PostmortemRow } from '../../domain/postmortem-timeline.js';
import { millisBetween } from '../../domain/timeline-facts.js';
import { escapeAndTruncate, formatDuration, oneLine } from './text.js';

const MAX_ROWS = 40;
const DETAIL_MAX = 70;

/** `03-14 08:09:00`: the date too, since incidents run past midnight. */
function clock(iso: string): string {
  const millis = Date.parse(iso);
  return Number.isNaN(millis)
    ? '?'.padEnd(14)
    : new Date(millis).toISOString().slice(5, 19).replace('T', ' ');
}

/** A cell inside a code block: one line, escaped, with no backtick that could close the block. */
function cell(text: string, max: number): string {
  return escapeAndTruncate(oneLine(text).replaceAll('`', "'"), max);
}

export function timelineTable(openedAt: string, rows: readonly PostmortemRow[]): string {
  const shown = rows.length > MAX_ROWS ? rows.slice(0, MAX_ROWS - 1) : rows;
  const lines = [
    `${'When (UTC)'.padEnd(16)}${'Since open'.padEnd(12)}${'Took'.padEnd(10)}${'Step'.padEnd(12)}Detail`,
    ...shown.map((entry) => {
      const since = millisBetween(openedAt, entry.at);
      return [
        clock(entry.at).padEnd(16),
        (since === undefined ? '?' : formatDuration(since)).padEnd(12),
        (entry.tookMs === undefined ? '—' : formatDuration(entry.tookMs)).padEnd(10),
        entry.step.padEnd(12),
        cell(entry.detail, DETAIL_MAX),
      ].join('');
    }),
  ];
  if (shown.length < rows.length) lines.push(`…and ${rows.length - shown.length} more rows`);
  return ['```', ...lines, '```'].join('\n');
}
