/** Button clicks, with Slack's confirm dialog first when the button asks for one. */
import type { ConfirmJson } from './block-json.js';
import { plainOf, textHtml } from './blocks.js';
import { escapeHtml, type MrkdwnContext } from './mrkdwn.js';
import { postJson, toast } from './page-kit.js';

export interface ButtonDeps {
  confirmRoot: HTMLElement;
  ctx(): MrkdwnContext;
  /** The channel shown: '' for the demo channel. */
  channel(): string;
  refresh(): Promise<void>;
}

/** Slack's confirm dialog; resolves true when the person confirms. */
function askConfirm(spec: ConfirmJson, deps: ButtonDeps): Promise<boolean> {
  const root = deps.confirmRoot;
  return new Promise((resolve) => {
    const danger = spec.style === 'danger';
    root.innerHTML =
      '<div class="confirm" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title">' +
      `<h2 id="confirm-title">${escapeHtml(plainOf(spec.title) || 'Are you sure?')}</h2>` +
      `<div class="confirm-text">${textHtml(spec.text, deps.ctx())}</div>` +
      `<div class="confirm-foot"><button type="button" class="btn" data-answer="no">${escapeHtml(plainOf(spec.deny) || 'Cancel')}</button>` +
      `<button type="button" class="btn ${danger ? 'btn-danger' : 'btn-primary'}" data-answer="yes">${escapeHtml(plainOf(spec.confirm) || 'Yes')}</button></div></div>`;
    root.hidden = false;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') finish(false);
    };
    const finish = (answer: boolean) => {
      root.hidden = true;
      root.innerHTML = '';
      document.removeEventListener('keydown', onKey);
      resolve(answer);
    };
    document.addEventListener('keydown', onKey);
    root.querySelector<HTMLElement>('[data-answer="yes"]')?.focus();
    root.onclick = (event) => {
      const choice =
        event.target instanceof Element ? event.target.closest<HTMLElement>('[data-answer]') : null;
      if (choice) finish(choice.dataset.answer === 'yes');
      else if (event.target === root) finish(false);
    };
  });
}

export async function clickButton(button: HTMLButtonElement, deps: ButtonDeps): Promise<void> {
  if (button.disabled) return;
  const spec = button.dataset.confirm ? (JSON.parse(button.dataset.confirm) as ConfirmJson) : null;
  const go = spec ? await askConfirm(spec, deps) : true;
  if (!go) return;
  button.disabled = true;
  button.classList.add('busy');
  const result = await postJson('/playground/action', {
    channel: deps.channel() || undefined,
    messageTs: button.dataset.ts,
    actionId: button.dataset.action,
    blockId: button.dataset.block,
    choice: button.dataset.choice,
    ephemeral: button.dataset.ephemeral ? true : undefined,
  });
  button.disabled = false;
  button.classList.remove('busy');
  if (!result.ok) toast(result.message);
  void deps.refresh();
}
