/** The playground's styles: Slack's layout and colours, closely enough to feel familiar. */
export const PLAYGROUND_STYLE = `
:root {
  --aubergine: #3f0e40; --aubergine-dark: #350d36; --text: #1d1c1d; --muted: #616061;
  --line: #e2e2e2; --hover: #f8f8f8; --green: #007a5a; --red: #e01e5a; --blue: #1264a3;
  --mention: #e8f5fa; --me: #fff3c4; --font: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { font: 15px/1.46 var(--font); color: var(--text); background: #fff; display: flex; flex-direction: column; }
button { font: inherit; }
.muted { color: var(--muted); font-weight: normal; }

.topbar { height: 44px; flex: none; display: flex; align-items: center; gap: 24px; padding: 0 16px;
  background: var(--aubergine-dark); color: #fff; box-shadow: 0 1px 0 rgba(255,255,255,.1); }
.brand { font-weight: 700; display: flex; align-items: center; gap: 8px; }
.logo { width: 24px; height: 24px; border-radius: 6px; background: #e01e5a; display: grid; place-items: center; font-size: 14px; }
.tag { font-weight: 400; font-size: 12px; padding: 1px 8px; border-radius: 10px; background: rgba(255,255,255,.16); }
.status { display: flex; align-items: center; gap: 6px; font-size: 13px; opacity: .9; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: #2bac76; }
body[data-live="no"] .dot { background: #e8912d; }
body[data-live="yes"] .live-label::after { content: "live"; }
body[data-live="no"] .live-label::after { content: "reconnecting…"; }
.whoami { margin-left: auto; font-size: 13px; }
.whoami .muted { color: rgba(255,255,255,.6); }

.layout { flex: 1; min-height: 0; display: grid; grid-template-columns: 248px 1fr; }
.sidebar { background: var(--aubergine); color: rgba(255,255,255,.8); padding: 14px 0; overflow: auto; }
.workspace { color: #fff; font-weight: 800; font-size: 17px; padding: 0 16px 12px; border-bottom: 1px solid rgba(255,255,255,.12); }
.section-title { padding: 14px 16px 6px; font-size: 13px; opacity: .75; }
.channel-list { display: flex; flex-direction: column; }
.channel-link { padding: 4px 16px; background: none; border: 0; color: inherit; font: inherit; text-align: left; cursor: pointer;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.channel-link:hover { background: rgba(255,255,255,.08); }
.channel-link.active { background: var(--blue); color: #fff; font-weight: 700; }
.channel-link.archived { opacity: .5; }
.chips { display: flex; flex-direction: column; gap: 4px; padding: 0 12px; }
.chip { text-align: left; background: rgba(255,255,255,.08); color: #fff; border: 0; border-radius: 6px;
  padding: 5px 10px; font: 13px var(--mono); cursor: pointer; }
.chip:hover { background: rgba(255,255,255,.18); }
.about { font-size: 12px; line-height: 1.5; padding: 10px 16px; opacity: .7; }

.channel { display: flex; flex-direction: column; min-height: 0; min-width: 0; }
.channel-head { flex: none; display: flex; align-items: baseline; gap: 12px; padding: 10px 20px; border-bottom: 1px solid var(--line); }
.channel-head h1 { font-size: 18px; margin: 0; }
.channel-head .muted { font-size: 13px; }
.feed { flex: 1; overflow-y: auto; padding: 8px 0 16px; }
.empty { margin: 48px auto; max-width: 460px; text-align: center; color: var(--muted); }
.empty h2 { color: var(--text); font-size: 20px; }

.msg { display: flex; gap: 10px; padding: 8px 20px; }
.msg:hover { background: var(--hover); }
.msg.root { border-top: 1px solid #f0f0f0; }
.msg.ephemeral { background: #f4f8fb; border-left: 3px solid var(--blue); }
.avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; display: grid; place-items: center; font-weight: 800; color: #fff; }
.avatar.bot { background: var(--aubergine); }
.avatar.person { background: #2eb67d; }
.msg-body { flex: 1; min-width: 0; }
.meta { display: flex; align-items: baseline; gap: 6px; flex-wrap: wrap; }
.author { font-weight: 800; }
.badge { font-size: 10px; font-weight: 700; color: var(--muted); background: #e8e8e8; border-radius: 3px; padding: 0 4px; }
.meta time, .edited { font-size: 12px; color: var(--muted); }
.only-you { font-size: 12px; color: var(--blue); }
.only-you::before { content: "👁 "; }
.link { border: 0; background: none; color: var(--blue); cursor: pointer; font-size: 12px; padding: 0; }
.link:hover { text-decoration: underline; }

.content { overflow-wrap: anywhere; }
.b-header { font-size: 18px; font-weight: 800; margin: 4px 0 6px; }
.b-section { display: flex; gap: 12px; margin: 4px 0; }
.b-main { flex: 1; min-width: 0; }
.b-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 24px; margin-top: 4px; }
.b-accessory { flex: none; }
.b-context { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; color: var(--muted); margin: 6px 0 2px; }
.b-divider { border: 0; border-top: 1px solid var(--line); margin: 10px 0; }
.b-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 4px; }
.b-context-actions { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0 2px; }
.btn-feedback { height: 26px; padding: 0 10px; font-size: 12px; font-weight: 600; color: var(--muted); }
.unsupported, .img-alt { color: var(--muted); font-style: italic; font-size: 13px; }
.b-plan { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 4px 0; max-width: 640px; }
.b-plan-title { font-weight: 800; margin-bottom: 4px; }
.b-tasks { list-style: none; margin: 0; padding: 0; }
.b-task { display: flex; gap: 8px; padding: 4px 0; border-top: 1px solid var(--hover); }
.b-task:first-child { border-top: 0; }
.b-task-mark { flex: none; width: 18px; height: 18px; border-radius: 50%; display: grid; place-items: center; font-size: 11px; font-weight: 800; color: #fff; background: #bbb; margin-top: 1px; }
.b-task-in_progress .b-task-mark { background: var(--blue); }
.b-task-complete .b-task-mark { background: var(--green); }
.b-task-error .b-task-mark { background: var(--red); }
.b-task-body { flex: 1; min-width: 0; }
.b-task-title { font-weight: 600; }
.b-task-pending .b-task-title { color: var(--muted); }
.b-task-details, .b-task-sources { font-size: 12px; color: var(--muted); }
.b-task-output { font-size: 13px; }
.streaming { font-size: 12px; color: var(--blue); }
.status-line { display: flex; align-items: center; gap: 6px; font-size: 13px; font-style: italic; color: var(--muted); margin: 6px 0 2px; }
.status-dot { width: 8px; height: 8px; border-radius: 50%; background: var(--blue); animation: status-pulse 1.2s ease-in-out infinite; }
@keyframes status-pulse { 50% { opacity: 0.3; } }
code { font: 12px var(--mono); color: #c01343; background: #f6f6f6; border: 1px solid #e4e4e4; border-radius: 3px; padding: 1px 3px; }
pre { font: 12px/1.5 var(--mono); background: #f8f8f8; border: 1px solid #e4e4e4; border-radius: 4px; padding: 8px 10px;
  margin: 6px 0; white-space: pre-wrap; }
.quote { display: inline-block; border-left: 4px solid #ddd; padding-left: 10px; color: #454245; }
.mention { color: var(--blue); background: var(--mention); border-radius: 3px; padding: 0 2px; }
.mention.me { color: #6b5400; background: var(--me); }
a { color: var(--blue); }

.btn { display: inline-flex; align-items: center; height: 32px; padding: 0 14px; border-radius: 6px; cursor: pointer;
  border: 1px solid #bbb; background: #fff; color: var(--text); font-size: 14px; font-weight: 700; text-decoration: none; }
.btn:hover { background: #f4f4f4; }
.btn-primary { background: var(--green); border-color: var(--green); color: #fff; }
.btn-primary:hover { background: #148567; }
.btn-danger { background: #fff; border-color: var(--red); color: var(--red); }
.btn-danger:hover { background: #fdf0f4; }
.btn:disabled, .btn.busy { opacity: .55; cursor: progress; }

.thread-toggle { margin-top: 6px; border: 1px solid transparent; background: none; color: var(--blue); font-weight: 700;
  font-size: 13px; padding: 2px 6px; border-radius: 6px; cursor: pointer; }
.thread-toggle:hover { border-color: var(--line); background: #fff; }
.thread { margin: 6px 0 0 4px; padding-left: 10px; border-left: 2px solid #dcdcdc; }
.thread .msg { padding: 6px 8px; }
.thread .avatar { width: 28px; height: 28px; font-size: 13px; }

.composer { flex: none; padding: 0 20px 14px; }
.composer-box { display: flex; border: 1px solid #bbb; border-radius: 8px; overflow: hidden; }
.composer-box:focus-within { border-color: #888; box-shadow: 0 0 0 1px #888; }
#composer-input { flex: 1; border: 0; outline: 0; padding: 11px 12px; font: 15px var(--font); }
.send { border: 0; background: var(--green); color: #fff; font-weight: 700; padding: 0 18px; cursor: pointer; }
.composer[data-busy] .send { opacity: .6; }
.composer-error { color: var(--red); font-size: 13px; margin-top: 6px; }
.composer-hint { color: var(--muted); font-size: 12px; margin-top: 4px; }

.overlay { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: grid; place-items: center; z-index: 10; }
.overlay[hidden] { display: none; }
#confirm-root { z-index: 20; }
.modal, .confirm { background: #fff; border-radius: 8px; box-shadow: 0 18px 48px rgba(0,0,0,.35); width: min(520px, 94vw);
  max-height: 88vh; display: flex; flex-direction: column; }
.modal-head { display: flex; align-items: center; padding: 18px 24px 10px; }
.modal-head h2, .confirm h2 { font-size: 20px; margin: 0; }
.modal-x { margin-left: auto; border: 0; background: none; font-size: 24px; line-height: 1; cursor: pointer; color: var(--muted); }
.modal-body { padding: 4px 24px 12px; overflow-y: auto; }
.modal-foot, .confirm-foot { display: flex; justify-content: flex-end; gap: 8px; padding: 14px 24px; border-top: 1px solid var(--line); }
.m-block { margin: 14px 0; }
.m-label { display: block; font-weight: 700; margin-bottom: 6px; }
.m-optional { font-weight: 400; color: var(--muted); }
.m-input { width: 100%; border: 1px solid #bbb; border-radius: 4px; padding: 8px 10px; font: 15px var(--font); resize: vertical; }
.m-input:focus { outline: 0; border-color: var(--blue); box-shadow: 0 0 0 1px var(--blue); }
.m-block.has-error .m-input { border-color: var(--red); box-shadow: 0 0 0 1px var(--red); }
.m-hint { color: var(--muted); font-size: 13px; margin-top: 4px; }
.m-error { color: var(--red); font-size: 13px; margin-top: 6px; }
.m-general { margin: 8px 0 0; }
.confirm { width: min(440px, 94vw); }
.confirm h2 { padding: 20px 24px 8px; }
.confirm-text { padding: 0 24px 16px; }

.toasts { position: fixed; right: 16px; bottom: 16px; display: flex; flex-direction: column; gap: 8px; z-index: 30; }
.toast { background: #1d1c1d; color: #fff; padding: 10px 14px; border-radius: 6px; max-width: 420px; font-size: 14px;
  box-shadow: 0 6px 20px rgba(0,0,0,.25); }
`;
