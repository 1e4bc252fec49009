/** Slack's mrkdwn subset to HTML. DOM-free and pure: the page uses it, and so can Node's unit tests. */

/** Whom mentions name: display names by user id, and the signed-in person (drawn highlighted). */
export interface MrkdwnContext {
  users: Record<string, string>;
  me: string;
}

const SLACK_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };
const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const NO_ONE: MrkdwnContext = { users: {}, me: '' };

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** Slack escapes &, < and > in message text; control sequences are the only raw < >. */
function decodeSlack(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (entity) => SLACK_ENTITIES[entity] ?? entity);
}

function mentionHtml(kind: '@' | '#', id: string, label: string, ctx: MrkdwnContext): string {
  const me = kind === '@' && id === ctx.me ? ' me' : '';
  return `<span class="mention${me}" data-id="${escapeHtml(id)}">${kind}${escapeHtml(label)}</span>`;
}

/** One <...> sequence: a link, a user or channel mention, a special mention or a date. */
function controlSequenceHtml(inner: string, ctx: MrkdwnContext): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? '' : decodeSlack(inner.slice(bar + 1));
  const first = target.charAt(0);
  if (first === '@') {
    const userId = target.slice(1);
    return mentionHtml('@', userId, ctx.users[userId] || label || userId, ctx);
  }
  if (first === '#') return mentionHtml('#', target.slice(1), label || target.slice(1), ctx);
  if (first === '!') {
    if (target.startsWith('!date^')) return escapeHtml(label || target);
    const special = target.slice(1).split('^')[0] ?? '';
    return mentionHtml('@', special, label.replace(/^@/, '') || special, ctx);
  }
  const url = decodeSlack(target);
  if (!/^(https?:|mailto:)/i.test(url)) return escapeHtml(`<${decodeSlack(inner)}>`);
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label || url)}</a>`;
}

/** Bold, italic and strike need a non-word character (or an edge) on the outside, as in Slack. */
function formattedHtml(text: string, ctx: MrkdwnContext): string {
  const kept: string[] = [];
  const keep = (html: string) => {
    kept.push(html);
    return `\u0000${kept.length - 1}\u0000`;
  };
  const html = escapeHtml(
    decodeSlack(text.replace(/<([^<>\n]+)>/g, (_, inner: string) => keep(controlSequenceHtml(inner, ctx)))),
  )
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])/g, '$1<b>$2</b>')
    .replace(/(^|[^\w])_(?!\s)([^_\n]+?)_(?!\w)/g, '$1<i>$2</i>')
    .replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?![\w~])/g, '$1<s>$2</s>');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL brackets the index of a kept <...> sequence (see keep).
  return html.replace(/\u0000(\d+)\u0000/g, (_, index: string) => kept[Number(index)] ?? '');
}

function inlineHtml(text: string, ctx: MrkdwnContext): string {
  const html = text
    .split(/`([^`\n]+)`/)
    .map((part, index) =>
      index % 2 === 1 ? `<code>${escapeHtml(decodeSlack(part))}</code>` : formattedHtml(part, ctx),
    )
    .join('');
  return html
    .split('\n')
    .map((line) => (line.startsWith('&gt; ') ? `<span class="quote">${line.slice(5)}</span>` : line))
    .join('<br>');
}

/** mrkdwn to HTML, with mentions named from ctx. */
export function renderMrkdwn(text: unknown, ctx: MrkdwnContext = NO_ONE): string {
  const segments = String(text ?? '').split('```');
  if (segments.length % 2 === 0) {
    // An unclosed fence is text: glue it back onto the segment before it.
    const unclosed = segments.pop() ?? '';
    segments.push(`${segments.pop() ?? ''}\`\`\`${unclosed}`);
  }
  return segments
    .map((segment, index) => {
      if (index % 2 === 0) return inlineHtml(segment, ctx);
      return `<pre>${escapeHtml(decodeSlack(segment.replace(/^\n/, '').replace(/\n$/, '')))}</pre>`;
    })
    .join('');
}
