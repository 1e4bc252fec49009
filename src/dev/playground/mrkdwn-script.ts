/**
 * Browser code (kept as a string so `tsc` carries it into dist/ with no build step): Slack's mrkdwn
 * subset to HTML. DOM-free, so it can be exercised in Node too. Written without template
 * literals, so it can live in this String.raw block; `\x60` is a backtick.
 */
export const MRKDWN_SCRIPT = String.raw`
var SLACK_ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };
var HTML_ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text) {
  return String(text == null ? '' : text).replace(/[&<>"']/g, function (c) { return HTML_ENTITIES[c]; });
}

/** Slack escapes &, < and > in message text; control sequences are the only raw < >. */
function decodeSlack(text) {
  return String(text).replace(/&(amp|lt|gt);/g, function (entity) { return SLACK_ENTITIES[entity]; });
}

function mentionHtml(kind, id, label, ctx) {
  var me = kind === '@' && id === ctx.me ? ' me' : '';
  return '<span class="mention' + me + '" data-id="' + escapeHtml(id) + '">' + kind + escapeHtml(label) + '</span>';
}

/** One <...> sequence: a link, a user or channel mention, a special mention or a date. */
function controlSequenceHtml(inner, ctx) {
  var bar = inner.indexOf('|');
  var target = bar === -1 ? inner : inner.slice(0, bar);
  var label = bar === -1 ? '' : decodeSlack(inner.slice(bar + 1));
  var first = target.charAt(0);
  if (first === '@') {
    var userId = target.slice(1);
    return mentionHtml('@', userId, (ctx.users && ctx.users[userId]) || label || userId, ctx);
  }
  if (first === '#') return mentionHtml('#', target.slice(1), label || target.slice(1), ctx);
  if (first === '!') {
    if (target.indexOf('!date^') === 0) return escapeHtml(label || target);
    var special = target.slice(1).split('^')[0];
    return mentionHtml('@', special, label.replace(/^@/, '') || special, ctx);
  }
  var url = decodeSlack(target);
  if (!/^(https?:|mailto:)/i.test(url)) return escapeHtml('<' + decodeSlack(inner) + '>');
  return '<a href="' + escapeHtml(url) + '" target="_blank" rel="noopener noreferrer">' + escapeHtml(label || url) + '</a>';
}

/** Bold, italic and strike need a non-word character (or an edge) on the outside, as in Slack. */
function formattedHtml(text, ctx) {
  var kept = [];
  var keep = function (html) {
    kept.push(html);
    return '\u0000' + (kept.length - 1) + '\u0000';
  };
  var html = escapeHtml(decodeSlack(String(text).replace(/<([^<>\n]+)>/g, function (_, inner) {
    return keep(controlSequenceHtml(inner, ctx));
  })));
  html = html.replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])/g, '$1<b>$2</b>');
  html = html.replace(/(^|[^\w])_(?!\s)([^_\n]+?)_(?!\w)/g, '$1<i>$2</i>');
  html = html.replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?![\w~])/g, '$1<s>$2</s>');
  return html.replace(/\u0000(\d+)\u0000/g, function (_, index) { return kept[Number(index)]; });
}

function inlineHtml(text, ctx) {
  var parts = String(text).split(/\x60([^\x60\n]+)\x60/);
  var html = parts.map(function (part, index) {
    return index % 2 === 1 ? '<code>' + escapeHtml(decodeSlack(part)) + '</code>' : formattedHtml(part, ctx);
  }).join('');
  return html.split('\n').map(function (line) {
    return line.indexOf('&gt; ') === 0 ? '<span class="quote">' + line.slice(5) + '</span>' : line;
  }).join('<br>');
}

/** mrkdwn to HTML; ctx is { users: { id: name }, me: userId }. */
function renderMrkdwn(text, ctx) {
  ctx = ctx || { users: {}, me: '' };
  var segments = String(text == null ? '' : text).split('\x60\x60\x60');
  if (segments.length % 2 === 0) {
    var unclosed = segments.pop();
    segments[segments.length - 1] += '\x60\x60\x60' + unclosed;
  }
  return segments.map(function (segment, index) {
    if (index % 2 === 0) return inlineHtml(segment, ctx);
    return '<pre>' + escapeHtml(decodeSlack(segment.replace(/^\n/, '').replace(/\n$/, ''))) + '</pre>';
  }).join('');
}
`;
