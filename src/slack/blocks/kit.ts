/**
 * Small Block Kit constructors that enforce Slack's limits at the point of construction, so a
 * builder cannot produce a block Slack would refuse whatever the view model holds.
 */
import { LIMITS } from './limits.js';
import type {
  ActionsBlock,
  Button,
  ConfirmationDialog,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from './slack-types.js';
import { stripControlCharacters, truncate } from './text.js';

/** Slack refuses empty text objects. */
const EMPTY = '—';

/**
 * Every text a builder sends passes here (`plain`, `mrkdwn`, `fallbackText`): control and bidi
 * characters are stripped once, whatever view model or person the text came from.
 */
function visible(text: string): string {
  return stripControlCharacters(text).trim() || EMPTY;
}

export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncate(visible(text), max), emoji: true };
}

/** `text` must already be escaped mrkdwn. */
export function mrkdwn(text: string, max: number = LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(visible(text), max) };
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function section(text: string, blockId?: string): SectionBlock {
  const block: SectionBlock = { type: 'section', text: mrkdwn(text) };
  if (blockId) block.block_id = blockId;
  return block;
}

/** Label/value pairs as section fields; beyond ten the last field says how many were left out. */
export function fieldsSection(fields: readonly string[]): SectionBlock {
  const { shown, hidden } = capList(fields, hiddenAware(fields.length, LIMITS.fields));
  const texts = shown.map((field) => mrkdwn(field, LIMITS.fieldText));
  if (hidden > 0) texts.push(mrkdwn(moreLine(hidden)));
  return { type: 'section', fields: texts };
}

export function context(texts: readonly string[]): KnownBlock {
  const { shown, hidden } = capList(texts, hiddenAware(texts.length, LIMITS.contextElements));
  const elements = shown.map((text) => mrkdwn(text, LIMITS.contextText));
  if (hidden > 0) elements.push(mrkdwn(moreLine(hidden)));
  return { type: 'context', elements };
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value?: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmationDialog;
}

export function button(spec: ButtonSpec): Button {
  const element: Button = {
    type: 'button',
    text: plain(spec.text, LIMITS.buttonText),
    action_id: spec.actionId,
  };
  if (spec.value !== undefined) element.value = truncate(spec.value, LIMITS.buttonValue);
  if (spec.style) element.style = spec.style;
  if (spec.confirm) element.confirm = spec.confirm;
  return element;
}

export function confirmDialog(
  title: string,
  text: string,
  confirm: string,
  deny: string,
): ConfirmationDialog {
  return {
    title: plain(title, LIMITS.confirmTitle),
    text: mrkdwn(text, LIMITS.confirmText),
    confirm: plain(confirm, LIMITS.confirmButton),
    deny: plain(deny, LIMITS.confirmButton),
  };
}

export function actions(blockId: string, buttons: readonly Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: buttons.slice(0, LIMITS.actionsElements) };
}

/** How many items fit in `max` slots when one slot must be kept for "…and N more". */
function hiddenAware(count: number, max: number): number {
  return count > max ? max - 1 : max;
}

export function capList<T>(items: readonly T[], max: number): { shown: T[]; hidden: number } {
  const shown = items.slice(0, Math.max(0, max));
  return { shown, hidden: items.length - shown.length };
}

export function moreLine(hidden: number, noun = 'more'): string {
  return `…and ${hidden} ${noun}`;
}

/** Room kept at the end of a section for the "…and N more" line. */
const MORE_RESERVE = 48;

/**
 * Packs mrkdwn lines into as few sections as fit (3000 units each), using at most `maxBlocks`;
 * what does not fit is counted in a final "…and N more <noun>".
 */
export function packLines(lines: readonly string[], maxBlocks: number, noun = 'more'): SectionBlock[] {
  const budget = LIMITS.sectionText - MORE_RESERVE;
  const sections: SectionBlock[] = [];
  let current = '';
  for (const [index, raw] of lines.entries()) {
    const line = truncate(raw, budget);
    if (current && current.length + 1 + line.length > budget) {
      if (sections.length + 1 >= maxBlocks) {
        sections.push(section(`${current}\n${moreLine(lines.length - index, noun)}`));
        return sections;
      }
      sections.push(section(current));
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) sections.push(section(current));
  return sections;
}

export interface ListOptions {
  maxItems: number;
  /** Each item is cut to this many units. */
  itemMax: number;
  maxBlocks: number;
  noun?: string;
}

/** A titled list of escaped mrkdwn items, capped, with "…and N more" where it cuts. */
export function listBlocks(title: string, items: readonly string[], options: ListOptions): SectionBlock[] {
  const { shown, hidden } = capList(
    items,
    items.length > options.maxItems ? options.maxItems - 1 : options.maxItems,
  );
  const lines = [title, ...shown.map((item) => truncate(item, options.itemMax))];
  if (hidden > 0) lines.push(moreLine(hidden, options.noun));
  return packLines(lines, options.maxBlocks, options.noun);
}

/** The plain `text` every message needs: one line, never empty, well under Slack's limit. */
export function fallbackText(text: string): string {
  return truncate(
    stripControlCharacters(text)
      .replace(/\s*\n\s*/g, ' ')
      .trim() || 'Warroom update',
    3000,
  );
}
