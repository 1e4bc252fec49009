/**
 * Browser code: Block Kit to HTML (messages and modals), on top of MRKDWN_SCRIPT. DOM-free. Buttons
 * carry what a click must send in data- attributes; the page script handles the click.
 */
export const BLOCKS_SCRIPT = String.raw`
function plainOf(textObject) {
  return textObject && typeof textObject.text === 'string' ? textObject.text : '';
}

function textHtml(textObject, ctx) {
  if (!textObject) return '';
  if (textObject.type === 'mrkdwn') return renderMrkdwn(textObject.text, ctx);
  return escapeHtml(plainOf(textObject)).replace(/\n/g, '<br>');
}

function dataAttr(name, value) {
  return value === undefined || value === null || value === '' ? '' : ' data-' + name + '="' + escapeHtml(value) + '"';
}

/** where: { ts, ephemeral, blockId }: the message and block a click must name. */
function buttonHtml(element, where) {
  var style = element.style === 'primary' ? ' btn-primary' : element.style === 'danger' ? ' btn-danger' : '';
  var label = escapeHtml(plainOf(element.text));
  if (element.url) {
    return '<a class="btn' + style + '" href="' + escapeHtml(element.url) + '" target="_blank" rel="noopener noreferrer">' + label + '</a>';
  }
  return '<button type="button" class="btn' + style + '"' +
    dataAttr('action', element.action_id) + dataAttr('block', where.blockId) + dataAttr('ts', where.ts) +
    (where.ephemeral ? ' data-ephemeral="1"' : '') +
    (element.confirm ? dataAttr('confirm', JSON.stringify(element.confirm)) : '') + '>' + label + '</button>';
}

/** Slack's feedback buttons: one action id, two sides told apart by data-choice (the route reads the value). */
function feedbackHtml(element, where) {
  return ['positive', 'negative'].map(function (side) {
    var button = element[side + '_button'] || {};
    return '<button type="button" class="btn btn-feedback"' +
      dataAttr('action', element.action_id) + dataAttr('block', where.blockId) + dataAttr('ts', where.ts) +
      dataAttr('choice', side) + (where.ephemeral ? ' data-ephemeral="1"' : '') +
      dataAttr('label', button.accessibility_label) + '>' + (side === 'positive' ? '👍 ' : '👎 ') +
      escapeHtml(plainOf(button.text)) + '</button>';
  }).join('');
}

function elementHtml(element, where, ctx) {
  if (!element) return '';
  if (element.type === 'button') return buttonHtml(element, where);
  if (element.type === 'feedback_buttons') return feedbackHtml(element, where);
  if (element.type === 'mrkdwn' || element.type === 'plain_text') return '<span>' + textHtml(element, ctx) + '</span>';
  if (element.type === 'image') return '<span class="img-alt" title="image">[' + escapeHtml(element.alt_text || 'image') + ']</span>';
  return '<span class="unsupported">[' + escapeHtml(element.type) + ' is not drawn here]</span>';
}

function sectionHtml(block, where, ctx) {
  var main = '';
  if (block.text) main += '<div class="b-text">' + textHtml(block.text, ctx) + '</div>';
  if (Array.isArray(block.fields)) {
    main += '<div class="b-fields">' + block.fields.map(function (field) {
      return '<div class="b-field">' + textHtml(field, ctx) + '</div>';
    }).join('') + '</div>';
  }
  var accessory = block.accessory ? '<div class="b-accessory">' + elementHtml(block.accessory, where, ctx) + '</div>' : '';
  return '<div class="b-section"><div class="b-main">' + main + '</div>' + accessory + '</div>';
}

function blockHtml(block, where, ctx) {
  var here = { ts: where.ts, ephemeral: where.ephemeral, blockId: block.block_id };
  var elements = Array.isArray(block.elements) ? block.elements : [];
  switch (block.type) {
    case 'header':
      return '<div class="b-header">' + escapeHtml(plainOf(block.text)) + '</div>';
    case 'divider':
      return '<hr class="b-divider">';
    case 'section':
      return sectionHtml(block, here, ctx);
    case 'context':
      return '<div class="b-context">' + elements.map(function (e) { return elementHtml(e, here, ctx); }).join('') + '</div>';
    case 'actions':
      return '<div class="b-actions">' + elements.map(function (e) { return elementHtml(e, here, ctx); }).join('') + '</div>';
    case 'context_actions':
      return '<div class="b-context-actions">' + elements.map(function (e) { return elementHtml(e, here, ctx); }).join('') + '</div>';
    case 'image':
      return '<div class="b-context"><span class="img-alt">[' + escapeHtml(block.alt_text || 'image') + ']</span></div>';
    default:
      return '<div class="unsupported">[' + escapeHtml(block.type) + ' block is not drawn here]</div>';
  }
}

function renderBlocks(blocks, where, ctx) {
  return (Array.isArray(blocks) ? blocks : []).map(function (block) { return blockHtml(block, where || {}, ctx); }).join('');
}

function inputHtml(block) {
  var element = block.element || {};
  var blockId = escapeHtml(block.block_id);
  var label = '<label class="m-label" for="input-' + blockId + '">' + escapeHtml(plainOf(block.label)) +
    (block.optional ? ' <span class="m-optional">(optional)</span>' : '') + '</label>';
  var error = '<div class="m-error" role="alert" hidden></div>';
  var hint = block.hint ? '<div class="m-hint">' + escapeHtml(plainOf(block.hint)) + '</div>' : '';
  if (element.type !== 'plain_text_input') {
    return '<div class="m-block">' + label + '<div class="unsupported">[' + escapeHtml(element.type) + ' is not drawn here]</div></div>';
  }
  var attrs = ' id="input-' + blockId + '" class="m-input"' + dataAttr('block', block.block_id) + dataAttr('action', element.action_id) +
    dataAttr('optional', block.optional ? '1' : '') +
    ' placeholder="' + escapeHtml(plainOf(element.placeholder)) + '"' +
    (element.max_length ? ' maxlength="' + Number(element.max_length) + '"' : '');
  var value = escapeHtml(element.initial_value || '');
  var field = element.multiline
    ? '<textarea rows="5"' + attrs + '>' + value + '</textarea>'
    : '<input type="text"' + attrs + ' value="' + value + '">';
  return '<div class="m-block" data-input-block="' + blockId + '">' + label + field + error + hint + '</div>';
}

/** A modal: title bar, blocks (inputs included), Cancel and submit buttons. */
function renderModal(view, ctx) {
  var body = (Array.isArray(view.blocks) ? view.blocks : []).map(function (block) {
    return block.type === 'input' ? inputHtml(block) : blockHtml(block, {}, ctx);
  }).join('');
  var close = escapeHtml(plainOf(view.close) || 'Cancel');
  var submit = view.submit ? '<button type="submit" class="btn btn-primary" data-modal-submit="1">' + escapeHtml(plainOf(view.submit)) + '</button>' : '';
  return '<form class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" novalidate>' +
    '<div class="modal-head"><h2 id="modal-title">' + escapeHtml(plainOf(view.title)) + '</h2>' +
    '<button type="button" class="modal-x" data-modal-close="1" aria-label="Close">×</button></div>' +
    '<div class="modal-body"><div class="m-error m-general" role="alert" hidden></div>' + body + '</div>' +
    '<div class="modal-foot"><button type="button" class="btn" data-modal-close="1">' + close + '</button>' + submit + '</div>' +
    '</form>';
}
`;
