/**
 * Browser code: the page's behaviour. Polls /playground/state every 500 ms and redraws only the
 * messages that changed (so a button is never swapped out under the pointer); sends commands,
 * commands from the composer. Buttons, confirm dialogs and modals come from INTERACTIONS_SCRIPT,
 * spliced into the same closure.
 */
import { INTERACTIONS_SCRIPT } from './interactions-script.js';

export const APP_SCRIPT = `
(function () {
  var POLL_MS = 500;
  var $ = function (id) { return document.getElementById(id); };
  var feed = $('feed'), modalRoot = $('modal-root'), confirmRoot = $('confirm-root');
  var composer = $('composer'), input = $('composer-input'), composerError = $('composer-error');
  var state = null, etag = '', modalKey = '', polling = false;
  var collapsed = new Set(), dismissed = new Set(), closedViews = new Set();
  var history = [], historyAt = 0;
  /** The channel shown: '' for the demo channel, else an incident channel's id. */
  var current = '';
  var channelList = $('channel-list'), listKey = '';

  function ctx() { return { users: state ? state.users : {}, me: state ? state.me.id : '' }; }

  function postJson(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          return { ok: response.ok && json.ok !== false, body: json, message: json.message || ('HTTP ' + response.status) };
        });
      })
      .catch(function (error) { return { ok: false, body: {}, message: 'The playground does not answer (' + error.message + ')' }; });
  }

  function toast(text) {
    var note = document.createElement('div');
    note.className = 'toast';
    note.setAttribute('role', 'status');
    note.textContent = text;
    $('toasts').appendChild(note);
    setTimeout(function () { note.remove(); }, 6000);
  }

  function timeOf(ts) {
    return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function nameOf(userId) { return (state && state.users[userId]) || userId; }

  function avatarHtml(item) {
    if (item.kind === 'ephemeral' || item.fromBot) return '<div class="avatar bot" aria-hidden="true">W</div>';
    var name = nameOf(item.user);
    return '<div class="avatar person" aria-hidden="true">' + escapeHtml(name.charAt(0).toUpperCase()) + '</div>';
  }

  function metaHtml(item) {
    var who = item.kind === 'ephemeral' || item.fromBot
      ? '<span class="author">Warroom</span><span class="badge">APP</span>'
      : '<span class="author">' + escapeHtml(nameOf(item.user)) + '</span>';
    var extra = item.kind === 'ephemeral'
      ? '<span class="only-you">Only visible to you</span><button type="button" class="link" data-dismiss="' + escapeHtml(item.ts) + '">Dismiss</button>'
      : (item.edited ? '<span class="edited">(edited)</span>' : '');
    return '<div class="meta">' + who + '<time>' + timeOf(item.ts) + '</time>' + extra + '</div>';
  }

  function contentHtml(item) {
    var where = { ts: item.ts, ephemeral: item.kind === 'ephemeral' };
    var hasBlocks = Array.isArray(item.blocks) && item.blocks.length > 0;
    return '<div class="content">' + (hasBlocks ? renderBlocks(item.blocks, where, ctx()) : '<div class="b-text">' + renderMrkdwn(item.text, ctx()) + '</div>') + '</div>';
  }

  function visible(items) {
    return (items || []).filter(function (item) { return !dismissed.has(item.ts); });
  }

  /** The thread's toggle and an empty container; its replies are patched in one by one. */
  function threadShellHtml(item) {
    if (visible(item.replies).length === 0) return '';
    var open = !collapsed.has(item.ts);
    return '<button type="button" class="thread-toggle" aria-expanded="' + open + '" data-thread="' + escapeHtml(item.ts) + '">' +
      (open ? '▾ Hide thread · ' : '▸ Show thread · ') + '<span class="reply-count"></span></button>' +
      (open ? '<div class="thread"></div>' : '');
  }

  function messageHtml(item, isRoot) {
    var kind = item.kind === 'ephemeral' ? 'ephemeral' : (isRoot ? 'root' : 'reply');
    return '<article class="msg ' + kind + '" data-ts="' + escapeHtml(item.ts) + '">' + avatarHtml(item) +
      '<div class="msg-body">' + metaHtml(item) + contentHtml(item) + (isRoot ? threadShellHtml(item) : '') + '</div></article>';
  }

  function keyed(item, isRoot) {
    return { key: item.kind + ':' + item.ts, html: messageHtml(item, isRoot), item: item };
  }

  /** Replaces only the children whose HTML changed, and keeps the others (and their focus) in place. */
  function patch(container, items) {
    var existing = new Map();
    Array.prototype.forEach.call(container.children, function (child) { existing.set(child.dataset.key, child); });
    var previous = null;
    items.forEach(function (item) {
      var node = existing.get(item.key);
      existing.delete(item.key);
      if (!node || node._html !== item.html) {
        var holder = document.createElement('div');
        holder.innerHTML = item.html;
        var fresh = holder.firstElementChild;
        fresh.dataset.key = item.key;
        fresh._html = item.html;
        if (node) node.replaceWith(fresh);
        node = fresh;
      }
      var expected = previous ? previous.nextElementSibling : container.firstElementChild;
      if (node !== expected) container.insertBefore(node, expected);
      previous = node;
    });
    existing.forEach(function (node) { node.remove(); });
    return items.map(function (item) { return container.querySelector(':scope > [data-key="' + CSS.escape(item.key) + '"]'); });
  }

  /**
   * Two levels, so that a reply edited in a thread (progress, every few hundred ms) redraws that
   * reply alone, never the card or the buttons above it.
   */
  function drawFeed() {
    var items = visible(state.feed).map(function (item) { return keyed(item, item.kind === 'message'); });
    if (items.length === 0) items = [{ key: 'empty', html: $('empty-template').innerHTML.trim() }];
    var atBottom = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 80;
    var nodes = patch(feed, items);
    items.forEach(function (entry, index) {
      if (!entry.item || entry.item.kind !== 'message') return;
      var replies = visible(entry.item.replies);
      var count = nodes[index].querySelector('.reply-count');
      if (count) count.textContent = replies.length + (replies.length === 1 ? ' reply' : ' replies');
      var thread = nodes[index].querySelector('.thread');
      if (thread) patch(thread, replies.map(function (reply) { return keyed(reply, false); }));
    });
    if (atBottom) feed.scrollTop = feed.scrollHeight;
  }

  function drawModal() {
    var modal = state.modal && !closedViews.has(state.modal.viewId) ? state.modal : null;
    var key = modal ? modal.viewId + '@' + modal.hash : '';
    if (key === modalKey) return;
    modalKey = key;
    modalRoot.hidden = !modal;
    modalRoot.innerHTML = modal ? renderModal(modal.view, ctx()) : '';
    if (modal) {
      modalRoot.firstElementChild.dataset.viewId = modal.viewId;
      var first = modalRoot.querySelector('.m-input');
      if (first) first.focus();
    }
  }

  /** The sidebar's channels: the demo channel, then each incident channel (archived ones dimmed). */
  function drawChannels() {
    var key = JSON.stringify([state.channels, state.channel.id]);
    if (key === listKey) return;
    listKey = key;
    channelList.innerHTML = state.channels.map(function (channel, index) {
      var id = index === 0 ? '' : channel.id;
      var classes = 'channel-link' + (channel.id === state.channel.id ? ' active' : '') +
        (channel.incident ? ' incident' : '') + (channel.archived ? ' archived' : '');
      return '<button type="button" class="' + classes + '" data-channel="' + escapeHtml(id) + '"' +
        (channel.archived ? ' title="archived"' : '') + '><span aria-hidden="true">' + (channel.incident ? '🚨' : '#') +
        '</span> ' + escapeHtml(channel.name) + '</button>';
    }).join('');
  }

  function render() {
    $('me-name').textContent = '@' + state.me.name;
    $('channel-name').textContent = state.channel.name;
    if (state.channel.topic) $('channel-topic').textContent = state.channel.topic;
    else $('channel-topic').textContent = state.channel.id + ' · incidents from /inject and alerts';
    input.placeholder = 'Message #' + state.channel.name + ': try /inject crash api or /incident list';
    input.setAttribute('aria-label', 'Message #' + state.channel.name);
    drawChannels();
    drawFeed();
    drawModal();
  }

  function refresh() {
    if (polling) return Promise.resolve();
    polling = true;
    var wanted = current;
    return fetch('/playground/state' + (current ? '?channel=' + encodeURIComponent(current) : ''), { cache: 'no-store', headers: etag ? { 'if-none-match': etag } : {} })
      .then(function (response) {
        document.body.dataset.live = 'yes';
        if (response.status === 304) return;
        if (!response.ok) throw new Error('HTTP ' + response.status);
        etag = response.headers.get('etag') || '';
        return response.json().then(function (json) {
          // A switch while this answer was on its way: the next poll fetches the new channel.
          if (wanted !== current) return;
          state = json;
          render();
        });
      })
      .catch(function () { document.body.dataset.live = 'no'; })
      .finally(function () { polling = false; });
  }

  function loop() { refresh().then(function () { setTimeout(loop, POLL_MS); }); }

  /** Draws again from the last state: for changes on the page's side (a thread folded, a message dismissed). */
  function redraw() { if (state) render(); }

  ${INTERACTIONS_SCRIPT}

  composer.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || composer.dataset.busy) return;
    composer.dataset.busy = '1';
    composerError.hidden = true;
    postJson('/playground/command', { text: text, channel: current || undefined }).then(function (result) {
      delete composer.dataset.busy;
      if (!result.ok) {
        composerError.textContent = result.message;
        composerError.hidden = false;
        return;
      }
      history.push(text);
      historyAt = history.length;
      input.value = '';
      refresh();
    });
  });

  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowUp' && historyAt > 0) { historyAt -= 1; input.value = history[historyAt]; event.preventDefault(); }
    if (event.key === 'ArrowDown' && historyAt < history.length) { historyAt += 1; input.value = history[historyAt] || ''; event.preventDefault(); }
  });

  document.querySelectorAll('[data-suggest]').forEach(function (chip) {
    chip.addEventListener('click', function () { input.value = chip.dataset.suggest; input.focus(); });
  });

  channelList.addEventListener('click', function (event) {
    var link = event.target.closest('[data-channel]');
    if (!link || link.dataset.channel === current) return;
    current = link.dataset.channel;
    etag = '';
    refresh();
  });

  feed.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action]');
    if (button) return clickButton(button);
    var toggle = event.target.closest('[data-thread]');
    if (toggle) {
      var ts = toggle.dataset.thread;
      if (collapsed.has(ts)) collapsed.delete(ts); else collapsed.add(ts);
      return redraw();
    }
    var dismiss = event.target.closest('[data-dismiss]');
    if (dismiss) { dismissed.add(dismiss.dataset.dismiss); redraw(); }
  });

  loop();
})();
`;
