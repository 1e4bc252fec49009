/**
 * The playground page: one self-contained HTML document (styles and scripts inline, nothing
 * fetched from elsewhere), so it works offline and from dist/ with no build step.
 */
import { DEMO_CHANNEL, DEMO_USER } from '../local/playground-identity.js';
import { APP_SCRIPT } from './app-script.js';
import { BLOCKS_SCRIPT } from './blocks-script.js';
import { MRKDWN_SCRIPT } from './mrkdwn-script.js';
import { PLAYGROUND_STYLE } from './style.js';

const SUGGESTIONS = [
  '/inject full',
  '/inject crash api',
  '/inject slow database',
  '/incident list',
  '/inject help',
];

function suggestionChips(): string {
  return SUGGESTIONS.map(
    (command) => `<button type="button" class="chip" data-suggest="${command}">${command}</button>`,
  ).join('');
}

export function playgroundPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Warroom · local playground</title>
<style>${PLAYGROUND_STYLE}</style>
</head>
<body data-live="yes">
<header class="topbar">
  <div class="brand"><span class="logo" aria-hidden="true">W</span> Warroom <span class="tag">local playground</span></div>
  <div class="status"><span class="dot" aria-hidden="true"></span><span class="live-label"></span></div>
  <div class="whoami">Signed in as <b id="me-name">@${DEMO_USER.name}</b> <span class="muted">${DEMO_USER.id}</span></div>
</header>
<div class="layout">
  <aside class="sidebar">
    <div class="workspace">Warroom Dev</div>
    <div class="section-title">Channels</div>
    <nav id="channel-list" class="channel-list" aria-label="Channels">
      <button type="button" class="channel-link active" data-channel="">
        <span aria-hidden="true">#</span> ${DEMO_CHANNEL.name}</button>
    </nav>
    <div class="section-title">Try</div>
    <div class="chips">${suggestionChips()}</div>
    <p class="about">No Slack workspace needed: a local Slack emulator stands in for Slack. Every command,
    click and form you send reaches the app as the signed request Slack would send.</p>
  </aside>
  <main class="channel">
    <div class="channel-head"><h1># <span id="channel-name">${DEMO_CHANNEL.name}</span></h1>
      <span id="channel-topic" class="muted">${DEMO_CHANNEL.id} · incidents from /inject and alerts</span></div>
    <div id="feed" class="feed" aria-live="polite"></div>
    <form id="composer" class="composer" autocomplete="off">
      <div class="composer-box">
        <input id="composer-input" name="text" aria-label="Message #${DEMO_CHANNEL.name}"
          placeholder="Message #${DEMO_CHANNEL.name}: try /inject crash api or /incident list" autofocus>
        <button type="submit" class="send" aria-label="Send">Send</button>
      </div>
      <div id="composer-error" class="composer-error" role="alert" hidden></div>
      <div class="composer-hint">Enter sends · ↑ recalls the last command</div>
    </form>
  </main>
</div>
<div id="modal-root" class="overlay" hidden></div>
<div id="confirm-root" class="overlay" hidden></div>
<div id="toasts" class="toasts"></div>
<template id="empty-template">
  <div class="empty"><h2>Nothing here yet</h2>
  <p>Type <code>/inject full</code> below to open an incident and watch the crew work it in the thread,
  or pick a command on the left.</p></div>
</template>
<script>${MRKDWN_SCRIPT}${BLOCKS_SCRIPT}${APP_SCRIPT}</script>
</body>
</html>
`;
}
