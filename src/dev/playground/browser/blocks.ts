/**
 * Block Kit to HTML (messages and modals), on top of mrkdwn.ts. DOM-free and pure. Buttons carry
 * what a click must send in data- attributes; interactions.ts handles the click.
 */
import type { BlockJson, ElementJson, FeedbackButtonJson, TextJson, ViewJson } from './block-json.js';
import { listOf } from './block-json.js';
import { escapeHtml, type MrkdwnContext, renderMrkdwn } from './mrkdwn.js';

/** The message and block a click must name. */
export interface Where {
  ts?: string;
  ephemeral?: boolean;
  blockId?: string | undefined;
}

/** A text object's text; '' for anything else (a missing label, or a text element's bare string). */
export function plainOf(textObject: unknown): string {
  const isText = typeof textObject === 'object' && textObject !== null && 'text' in textObject;
  return isText && typeof textObject.text === 'string' ? textObject.text : '';
}

export function textHtml(textObject: TextJson | undefined, ctx: MrkdwnContext): string {
  if (!textObject) return '';
  if (textObject.type === 'mrkdwn') return renderMrkdwn(textObject.text, ctx);
  return escapeHtml(plainOf(textObject)).replace(/\n/g, '<br>');
}

function dataAttr(name: string, value: unknown): string {
  return value === undefined || value === null || value === '' ? '' : ` data-${name}="${escapeHtml(value)}"`;
}

function buttonHtml(element: ElementJson, where: Where): string {
  const style =
    element.style === 'primary' ? ' btn-primary' : element.style === 'danger' ? ' btn-danger' : '';
  const label = escapeHtml(plainOf(element.text));
  if (element.url) {
    return `<a class="btn${style}" href="${escapeHtml(element.url)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  }
  return (
    `<button type="button" class="btn${style}"` +
    dataAttr('action', element.action_id) +
    dataAttr('block', where.blockId) +
    dataAttr('ts', where.ts) +
    (where.ephemeral ? ' data-ephemeral="1"' : '') +
    (element.confirm ? dataAttr('confirm', JSON.stringify(element.confirm)) : '') +
    `>${label}</button>`
  );
}

/** Slack's feedback buttons: one action id, two sides told apart by data-choice (the route reads the value). */
function feedbackHtml(element: ElementJson, where: Where): string {
  return (['positive', 'negative'] as const)
    .map((side) => {
      const button: FeedbackButtonJson =
        (side === 'positive' ? element.positive_button : element.negative_button) ?? {};
      return (
        '<button type="button" class="btn btn-feedback"' +
        dataAttr('action', element.action_id) +
        dataAttr('block', where.blockId) +
        dataAttr('ts', where.ts) +
        dataAttr('choice', side) +
        (where.ephemeral ? ' data-ephemeral="1"' : '') +
        dataAttr('label', button.accessibility_label) +
        `>${side === 'positive' ? '👍 ' : '👎 '}${escapeHtml(plainOf(button.text))}</button>`
      );
    })
    .join('');
}

function elementHtml(element: ElementJson | undefined, where: Where, ctx: MrkdwnContext): string {
  if (!element) return '';
  if (element.type === 'button') return buttonHtml(element, where);
  if (element.type === 'feedback_buttons') return feedbackHtml(element, where);
  if (element.type === 'mrkdwn' || element.type === 'plain_text')
    return `<span>${textHtml(element, ctx)}</span>`;
  if (element.type === 'image') {
    return `<span class="img-alt" title="image">[${escapeHtml(element.alt_text || 'image')}]</span>`;
  }
  return `<span class="unsupported">[${escapeHtml(element.type)} is not drawn here]</span>`;
}

function elementsHtml(block: BlockJson, where: Where, ctx: MrkdwnContext): string {
  return listOf<ElementJson>(block.elements)
    .map((element) => elementHtml(element, where, ctx))
    .join('');
}

function sectionHtml(block: BlockJson, where: Where, ctx: MrkdwnContext): string {
  let main = '';
  if (block.text) main += `<div class="b-text">${textHtml(block.text, ctx)}</div>`;
  if (Array.isArray(block.fields)) {
    const fields = listOf<TextJson>(block.fields).map(
      (field) => `<div class="b-field">${textHtml(field, ctx)}</div>`,
    );
    main += `<div class="b-fields">${fields.join('')}</div>`;
  }
  const accessory = block.accessory
    ? `<div class="b-accessory">${elementHtml(block.accessory, where, ctx)}</div>`
    : '';
  return `<div class="b-section"><div class="b-main">${main}</div>${accessory}</div>`;
}

/** Every text inside a rich text (a task card's details or output), run together. */
function richTextOf(value: unknown): string {
  if (Array.isArray(value)) return value.map(richTextOf).join('');
  if (typeof value !== 'object' || value === null) return '';
  const node = value as { text?: unknown; elements?: unknown };
  return (typeof node.text === 'string' ? node.text : '') + richTextOf(node.elements);
}

const TASK_MARKS: Readonly<Record<string, string>> = {
  pending: '○',
  in_progress: '◔',
  complete: '✓',
  error: '✕',
};

interface SourceJson {
  url?: unknown;
  text?: unknown;
}

function taskCardHtml(task: BlockJson): string {
  const status = typeof task.status === 'string' && task.status in TASK_MARKS ? task.status : 'pending';
  const details = richTextOf(task.details);
  const output = richTextOf(task.output);
  const sources = listOf<SourceJson>(task.sources)
    .filter((source) => typeof source.url === 'string' && /^https?:/i.test(source.url))
    .map(
      (source) =>
        `<a href="${escapeHtml(source.url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(source.text || source.url)}</a>`,
    );
  return (
    `<li class="b-task b-task-${status}" data-task="${escapeHtml(task.task_id)}">` +
    `<span class="b-task-mark" aria-label="${status.replace('_', ' ')}">${TASK_MARKS[status]}</span>` +
    `<div class="b-task-body"><div class="b-task-title">${escapeHtml(plainOf({ text: task.title }))}</div>` +
    (details ? `<div class="b-task-details">${escapeHtml(details)}</div>` : '') +
    (output ? `<div class="b-task-output">${escapeHtml(output)}</div>` : '') +
    (sources.length > 0 ? `<div class="b-task-sources">${sources.join(' · ')}</div>` : '') +
    '</div></li>'
  );
}

/** Slack's plan: its title, then its task cards as a checklist that fills in as the crew works. */
function planHtml(block: BlockJson): string {
  const tasks = listOf<BlockJson>(block.tasks).map(taskCardHtml).join('');
  return (
    `<div class="b-plan"><div class="b-plan-title">${escapeHtml(plainOf({ text: block.title }))}</div>` +
    `<ol class="b-tasks">${tasks}</ol></div>`
  );
}

function blockHtml(block: BlockJson, where: Where, ctx: MrkdwnContext): string {
  const here: Where = { ts: where.ts, ephemeral: where.ephemeral, blockId: block.block_id };
  switch (block.type) {
    case 'header':
      return `<div class="b-header">${escapeHtml(plainOf(block.text))}</div>`;
    case 'divider':
      return '<hr class="b-divider">';
    case 'section':
      return sectionHtml(block, here, ctx);
    case 'context':
      return `<div class="b-context">${elementsHtml(block, here, ctx)}</div>`;
    case 'actions':
      return `<div class="b-actions">${elementsHtml(block, here, ctx)}</div>`;
    case 'context_actions':
      return `<div class="b-context-actions">${elementsHtml(block, here, ctx)}</div>`;
    case 'plan':
      return planHtml(block);
    case 'task_card':
      return `<ol class="b-tasks">${taskCardHtml(block)}</ol>`;
    case 'image':
      return `<div class="b-context"><span class="img-alt">[${escapeHtml(block.alt_text || 'image')}]</span></div>`;
    default:
      return `<div class="unsupported">[${escapeHtml(block.type)} block is not drawn here]</div>`;
  }
}

export function renderBlocks(blocks: unknown, where: Where, ctx: MrkdwnContext): string {
  return listOf<BlockJson>(blocks)
    .map((block) => blockHtml(block, where, ctx))
    .join('');
}

function inputHtml(block: BlockJson): string {
  const element: ElementJson = block.element ?? {};
  const blockId = escapeHtml(block.block_id);
  const label =
    `<label class="m-label" for="input-${blockId}">${escapeHtml(plainOf(block.label))}` +
    `${block.optional ? ' <span class="m-optional">(optional)</span>' : ''}</label>`;
  const error = '<div class="m-error" role="alert" hidden></div>';
  const hint = block.hint ? `<div class="m-hint">${escapeHtml(plainOf(block.hint))}</div>` : '';
  if (element.type !== 'plain_text_input') {
    return `<div class="m-block">${label}<div class="unsupported">[${escapeHtml(element.type)} is not drawn here]</div></div>`;
  }
  const attrs =
    ` id="input-${blockId}" class="m-input"` +
    dataAttr('block', block.block_id) +
    dataAttr('action', element.action_id) +
    dataAttr('optional', block.optional ? '1' : '') +
    ` placeholder="${escapeHtml(plainOf(element.placeholder))}"` +
    (element.max_length ? ` maxlength="${Number(element.max_length)}"` : '');
  const value = escapeHtml(element.initial_value || '');
  const field = element.multiline
    ? `<textarea rows="5"${attrs}>${value}</textarea>`
    : `<input type="text"${attrs} value="${value}">`;
  return `<div class="m-block" data-input-block="${blockId}">${label}${field}${error}${hint}</div>`;
}

/** A modal: title bar, blocks (inputs included), Cancel and submit buttons. */
export function renderModal(view: ViewJson, ctx: MrkdwnContext): string {
  const body = listOf<BlockJson>(view.blocks)
    .map((block) => (block.type === 'input' ? inputHtml(block) : blockHtml(block, {}, ctx)))
    .join('');
  const close = escapeHtml(plainOf(view.close) || 'Cancel');
  const submit = view.submit
    ? `<button type="submit" class="btn btn-primary" data-modal-submit="1">${escapeHtml(plainOf(view.submit))}</button>`
    : '';
  return (
    '<form class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" novalidate>' +
    `<div class="modal-head"><h2 id="modal-title">${escapeHtml(plainOf(view.title))}</h2>` +
    '<button type="button" class="modal-x" data-modal-close="1" aria-label="Close">×</button></div>' +
    `<div class="modal-body"><div class="m-error m-general" role="alert" hidden></div>${body}</div>` +
    `<div class="modal-foot"><button type="button" class="btn" data-modal-close="1">${close}</button>${submit}</div>` +
    '</form>'
  );
}
