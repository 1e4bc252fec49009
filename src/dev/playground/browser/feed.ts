/**
 * The channel's messages. Redrawn on every poll, but only the messages whose HTML changed are
 * replaced (so a button is never swapped out under the pointer), on two levels: a reply edited in
 * a thread (progress, every few hundred ms) redraws that reply alone, never the card above it.
 */
import type { FeedItem, PlaygroundState } from '../../local/playground-contract.js';
import { renderBlocks } from './blocks.js';
import { escapeHtml, type MrkdwnContext, renderMrkdwn } from './mrkdwn.js';
import { byId } from './page-kit.js';

/** What the person changed on the page's side: threads folded, ephemerals dismissed (by ts). */
export interface FeedChoices {
  collapsed: Set<string>;
  dismissed: Set<string>;
}

interface Keyed {
  key: string;
  html: string;
  item?: FeedItem;
}

/** The HTML each drawn message was made from, to tell whether it changed. */
const drawnFrom = new WeakMap<Element, string>();

function timeOf(ts: string): string {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export class Feed {
  constructor(
    private readonly container: HTMLElement,
    private readonly choices: FeedChoices,
  ) {}

  draw(state: PlaygroundState, ctx: MrkdwnContext): void {
    let items: Keyed[] = this.visible(state.feed).map((item) => this.keyed(item, state, ctx));
    if (items.length === 0) items = [{ key: 'empty', html: byId('empty-template').innerHTML.trim() }];
    const feed = this.container;
    const atBottom = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 80;
    const nodes = patch(feed, items);
    items.forEach((entry, index) => {
      if (entry.item?.kind !== 'message') return;
      const replies = this.visible(entry.item.replies);
      const node = nodes[index];
      const count = node?.querySelector('.reply-count');
      if (count) count.textContent = `${replies.length}${replies.length === 1 ? ' reply' : ' replies'}`;
      const thread = node?.querySelector<HTMLElement>('.thread');
      if (thread)
        patch(
          thread,
          replies.map((reply) => this.keyed(reply, state, ctx, false)),
        );
    });
    if (atBottom) feed.scrollTop = feed.scrollHeight;
  }

  private visible(items: FeedItem[] | undefined): FeedItem[] {
    return (items ?? []).filter((item) => !this.choices.dismissed.has(item.ts));
  }

  private keyed(item: FeedItem, state: PlaygroundState, ctx: MrkdwnContext, isRoot = true): Keyed {
    return { key: `${item.kind}:${item.ts}`, html: this.messageHtml(item, state, ctx, isRoot), item };
  }

  private messageHtml(item: FeedItem, state: PlaygroundState, ctx: MrkdwnContext, isRoot: boolean): string {
    const root = isRoot && item.kind === 'message';
    const kind = item.kind === 'ephemeral' ? 'ephemeral' : root ? 'root' : 'reply';
    return (
      `<article class="msg ${kind}" data-ts="${escapeHtml(item.ts)}">${avatarHtml(item, state)}` +
      `<div class="msg-body">${metaHtml(item, state)}${contentHtml(item, ctx)}${root ? statusLineHtml(item) + this.threadShellHtml(item) : ''}</div></article>`
    );
  }

  /** The thread's toggle and an empty container; its replies are patched in one by one. */
  private threadShellHtml(item: FeedItem): string {
    if (item.kind !== 'message' || this.visible(item.replies).length === 0) return '';
    const open = !this.choices.collapsed.has(item.ts);
    return (
      `<button type="button" class="thread-toggle" aria-expanded="${open}" data-thread="${escapeHtml(item.ts)}">` +
      `${open ? '▾ Hide thread · ' : '▸ Show thread · '}<span class="reply-count"></span></button>` +
      (open ? '<div class="thread"></div>' : '')
    );
  }
}

/** The thread's status line, as Slack shows it under the thread while the app works. */
function statusLineHtml(item: FeedItem): string {
  if (item.kind !== 'message' || !item.statusLine) return '';
  return `<div class="status-line" role="status"><span class="status-dot" aria-hidden="true"></span>Warroom ${escapeHtml(item.statusLine)}</div>`;
}

function nameOf(userId: string, state: PlaygroundState): string {
  return state.users[userId] || userId;
}

function avatarHtml(item: FeedItem, state: PlaygroundState): string {
  if (item.kind === 'ephemeral' || item.fromBot) return '<div class="avatar bot" aria-hidden="true">W</div>';
  const name = nameOf(item.user, state);
  return `<div class="avatar person" aria-hidden="true">${escapeHtml(name.charAt(0).toUpperCase())}</div>`;
}

function metaHtml(item: FeedItem, state: PlaygroundState): string {
  const who =
    item.kind === 'ephemeral' || item.fromBot
      ? '<span class="author">Warroom</span><span class="badge">APP</span>'
      : `<span class="author">${escapeHtml(nameOf(item.user, state))}</span>`;
  let extra = '';
  if (item.kind === 'ephemeral') {
    extra = `<span class="only-you">Only visible to you</span><button type="button" class="link" data-dismiss="${escapeHtml(item.ts)}">Dismiss</button>`;
  } else if (item.streaming) {
    extra = '<span class="streaming">streaming…</span>';
  } else if (item.edited) {
    extra = '<span class="edited">(edited)</span>';
  }
  return `<div class="meta">${who}<time>${timeOf(item.ts)}</time>${extra}</div>`;
}

function contentHtml(item: FeedItem, ctx: MrkdwnContext): string {
  const where = { ts: item.ts, ephemeral: item.kind === 'ephemeral' };
  const hasBlocks = Array.isArray(item.blocks) && item.blocks.length > 0;
  const body = hasBlocks
    ? renderBlocks(item.blocks, where, ctx)
    : `<div class="b-text">${renderMrkdwn(item.text, ctx)}</div>`;
  return `<div class="content">${body}</div>`;
}

function elementFrom(html: string): HTMLElement {
  const holder = document.createElement('div');
  holder.innerHTML = html;
  const fresh = holder.firstElementChild;
  if (!(fresh instanceof HTMLElement)) throw new Error(`no element in ${html.slice(0, 80)}`);
  return fresh;
}

/** Replaces only the children whose HTML changed, and keeps the others (and their focus) in place. */
function patch(container: HTMLElement, items: Keyed[]): Array<HTMLElement | null> {
  const existing = new Map<string | undefined, HTMLElement>();
  for (const child of container.children) {
    if (child instanceof HTMLElement) existing.set(child.dataset.key, child);
  }
  let previous: HTMLElement | null = null;
  for (const item of items) {
    let node = existing.get(item.key);
    existing.delete(item.key);
    if (!node || drawnFrom.get(node) !== item.html) {
      const fresh = elementFrom(item.html);
      fresh.dataset.key = item.key;
      drawnFrom.set(fresh, item.html);
      if (node) node.replaceWith(fresh);
      node = fresh;
    }
    const expected: Element | null = previous ? previous.nextElementSibling : container.firstElementChild;
    if (node !== expected) container.insertBefore(node, expected);
    previous = node;
  }
  for (const node of existing.values()) node.remove();
  return items.map((item) =>
    container.querySelector<HTMLElement>(`:scope > [data-key="${CSS.escape(item.key)}"]`),
  );
}
