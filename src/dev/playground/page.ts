/**
 * The playground page: one self-contained HTML document (styles and script inline, nothing
 * fetched from elsewhere), so it works offline. Its script is the TypeScript in ./browser,
 * bundled by esbuild when local mode starts: from the .ts sources under tsx and vitest, from the
 * .js that `npm run build` emits into dist/ under `npm start`.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DEMO_CHANNEL, DEMO_USER } from '../local/playground-identity.js';
import { PLAYGROUND_STYLE } from './style.js';

/** This module's own extension tells whether it runs from src/ (.ts) or from dist/ (.js). */
const BROWSER_ENTRY = new URL(
  `./browser/app${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

let bundled: Promise<string> | undefined;

/** The page's script as one ES module; bundled once per process. */
function browserScript(): Promise<string> {
  bundled ??= bundleBrowserScript();
  return bundled;
}

async function bundleBrowserScript(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(BROWSER_ENTRY)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]?.text;
  if (script === undefined) throw new Error(`esbuild bundled nothing from ${BROWSER_ENTRY.pathname}`);
  // Inline, "</script" would end the element early; esbuild escapes it in strings, and this keeps it so.
  if (/<\/script/i.test(script)) throw new Error('the playground script contains </script');
  return script;
}

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

export async function playgroundPage(): Promise<string> {
  const script = await browserScript();
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
<script type="module">${script}</script>
</body>
</html>
`;
}
