/**
 * The playground page's entry (bundled and inlined into the page by page.ts). Polls
 * /playground/state every 500 ms and redraws what changed; sends commands from the composer;
 * switches channels. Buttons, confirm dialogs and modals live in buttons.ts and modal.ts.
 */
import type { PlaygroundState } from '../../local/playground-contract.js';
import { clickButton } from './buttons.js';
import { Feed, type FeedChoices } from './feed.js';
import { Modal } from './modal.js';
import { escapeHtml, type MrkdwnContext } from './mrkdwn.js';
import { byId, closest, inputById, postJson } from './page-kit.js';

const POLL_MS = 500;

const channelList = byId('channel-list');
const composer = byId('composer');
const input = inputById('composer-input');
const composerError = byId('composer-error');
const confirmRoot = byId('confirm-root');

let state: PlaygroundState | null = null;
let etag = '';
let polling = false;
/** The channel shown: '' for the demo channel, else an incident channel's id. */
let current = '';
let listKey = '';
const choices: FeedChoices = { collapsed: new Set(), dismissed: new Set() };
const history: string[] = [];
let historyAt = 0;

const feed = new Feed(byId('feed'), choices);
const modal = new Modal(byId('modal-root'), confirmRoot, refresh);

function ctx(): MrkdwnContext {
  return { users: state ? state.users : {}, me: state ? state.me.id : '' };
}

/** The sidebar's channels: the demo channel, then each incident channel (archived ones dimmed). */
function drawChannels(shown: PlaygroundState): void {
  const key = JSON.stringify([shown.channels, shown.channel.id]);
  if (key === listKey) return;
  listKey = key;
  channelList.innerHTML = shown.channels
    .map((channel, index) => {
      const id = index === 0 ? '' : channel.id;
      const classes =
        'channel-link' +
        (channel.id === shown.channel.id ? ' active' : '') +
        (channel.incident ? ' incident' : '') +
        (channel.archived ? ' archived' : '');
      return (
        `<button type="button" class="${classes}" data-channel="${escapeHtml(id)}"` +
        `${channel.archived ? ' title="archived"' : ''}><span aria-hidden="true">${channel.incident ? '🚨' : '#'}` +
        `</span> ${escapeHtml(channel.name)}</button>`
      );
    })
    .join('');
}

function render(shown: PlaygroundState): void {
  byId('me-name').textContent = `@${shown.me.name}`;
  byId('channel-name').textContent = shown.channel.name;
  byId('channel-topic').textContent =
    shown.channel.topic || `${shown.channel.id} · incidents from /inject and alerts`;
  input.placeholder = `Message #${shown.channel.name}: try /inject crash api or /incident list`;
  input.setAttribute('aria-label', `Message #${shown.channel.name}`);
  drawChannels(shown);
  feed.draw(shown, ctx());
  modal.draw(shown, ctx());
}

async function refresh(): Promise<void> {
  if (polling) return;
  polling = true;
  const wanted = current;
  try {
    const query = current ? `?channel=${encodeURIComponent(current)}` : '';
    const response = await fetch(`/playground/state${query}`, {
      cache: 'no-store',
      headers: etag ? { 'if-none-match': etag } : {},
    });
    document.body.dataset.live = 'yes';
    if (response.status === 304) return;
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    etag = response.headers.get('etag') || '';
    const json = (await response.json()) as PlaygroundState;
    // A switch while this answer was on its way: the next poll fetches the new channel.
    if (wanted !== current) return;
    state = json;
    render(state);
  } catch {
    document.body.dataset.live = 'no';
  } finally {
    polling = false;
  }
}

function loop(): void {
  void refresh().then(() => setTimeout(loop, POLL_MS));
}

/** Draws again from the last state: for changes on the page's side (a thread folded, a message dismissed). */
function redraw(): void {
  if (state) render(state);
}

composer.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text || composer.dataset.busy) return;
  composer.dataset.busy = '1';
  composerError.hidden = true;
  const result = await postJson('/playground/command', { text, channel: current || undefined });
  delete composer.dataset.busy;
  if (!result.ok) {
    composerError.textContent = result.message;
    composerError.hidden = false;
    return;
  }
  history.push(text);
  historyAt = history.length;
  input.value = '';
  void refresh();
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowUp' && historyAt > 0) {
    historyAt -= 1;
    input.value = history[historyAt] ?? '';
    event.preventDefault();
  }
  if (event.key === 'ArrowDown' && historyAt < history.length) {
    historyAt += 1;
    input.value = history[historyAt] ?? '';
    event.preventDefault();
  }
});

for (const chip of document.querySelectorAll<HTMLElement>('[data-suggest]')) {
  chip.addEventListener('click', () => {
    input.value = chip.dataset.suggest ?? '';
    input.focus();
  });
}

channelList.addEventListener('click', (event) => {
  const link = closest(event, '[data-channel]');
  if (!link || link.dataset.channel === current) return;
  current = link.dataset.channel ?? '';
  etag = '';
  void refresh();
});

byId('feed').addEventListener('click', (event) => {
  const button = closest(event, 'button[data-action]');
  if (button instanceof HTMLButtonElement) {
    void clickButton(button, { confirmRoot, ctx, channel: () => current, refresh });
    return;
  }
  const toggle = closest(event, '[data-thread]')?.dataset.thread;
  if (toggle !== undefined) {
    if (choices.collapsed.has(toggle)) choices.collapsed.delete(toggle);
    else choices.collapsed.add(toggle);
    redraw();
    return;
  }
  const dismiss = closest(event, '[data-dismiss]')?.dataset.dismiss;
  if (dismiss !== undefined) {
    choices.dismissed.add(dismiss);
    redraw();
  }
});

loop();
