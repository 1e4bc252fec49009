import { context, fallbackText, section } from './kit.js';
import { LIMITS } from './limits.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { truncate } from './text.js';

const FENCE = '```';
/** Room for the fence that closes a code block cut in two. */
const BUDGET = LIMITS.sectionText - FENCE.length - 1;
/** A line always fits a piece that reopens a code block. */
const LINE_MAX = BUDGET - 2 * (FENCE.length + 1);
/** Sixty thousand characters is already far more than anyone reads in a thread. */
const MAX_SECTIONS = 20;

function togglesFence(line: string): boolean {
  return (line.split(FENCE).length - 1) % 2 === 1;
}

/** The length of the paragraph starting at `start`: up to the next blank line. */
function paragraphLength(lines: readonly string[], start: number): number {
  let length = 0;
  for (let i = start; i < lines.length && lines[i]?.trim() !== ''; i++) length += (lines[i]?.length ?? 0) + 1;
  return length;
}

/**
 * Cuts mrkdwn into pieces of at most 3000 units, between paragraphs where it can, between lines
 * where it must. A code block cut in two is closed and reopened so both halves render as code.
 */
export function splitMarkdown(markdown: string): string[] {
  const lines = markdown.split('\n').map((line) => truncate(line, LINE_MAX));
  const pieces: string[] = [];
  let current: string[] = [];
  let size = 0;
  let inCode = false;
  const flush = () => {
    if (inCode) current.push(FENCE);
    if (current.some((line) => line.trim() !== '')) pieces.push(current.join('\n').trimEnd());
    current = inCode ? [FENCE] : [];
    size = inCode ? FENCE.length + 1 : 0;
  };
  for (const [index, line] of lines.entries()) {
    const startsParagraph = !inCode && index > 0 && lines[index - 1]?.trim() === '';
    const paragraph = startsParagraph ? paragraphLength(lines, index) : 0;
    const keepTogether = paragraph <= BUDGET && size + paragraph > BUDGET;
    if (current.length > 0 && (size + line.length + 1 > BUDGET || (startsParagraph && keepTogether))) flush();
    if (current.length === 0 && line.trim() === '') continue;
    current.push(line);
    size += line.length + 1;
    if (togglesFence(line)) inCode = !inCode;
  }
  flush();
  return pieces;
}

/** The postmortem in the incident's thread, or as the answer to `/incident postmortem`. */
export function postmortemMessage(id: string, markdown: string): SlackMessage {
  const pieces = splitMarkdown(markdown);
  const shown = pieces.slice(0, MAX_SECTIONS);
  const blocks: KnownBlock[] = shown.map((piece) => section(piece));
  if (blocks.length === 0) blocks.push(section(`_The postmortem of ${id} is empty._`));
  if (shown.length < pieces.length) {
    blocks.push(context([`…cut after ${shown.length} parts: the rest does not fit one Slack message.`]));
  }
  const title = markdown.split('\n', 1)[0]?.replaceAll('*', '').trim();
  return { text: fallbackText(`${id} postmortem${title ? ` — ${title}` : ''}`), blocks };
}
