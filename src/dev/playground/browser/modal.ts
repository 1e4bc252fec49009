/**
 * The modal on top of the person's stack: drawn when the state names a new one (or new content),
 * submitted with the errors the app answers shown beside their inputs, closed with Cancel, × or
 * Escape (the playground then stops showing it too).
 */
import type { PlaygroundState } from '../../local/playground-contract.js';
import { renderModal } from './blocks.js';
import type { MrkdwnContext } from './mrkdwn.js';
import { postJson } from './page-kit.js';

interface SubmitAnswer {
  response_action?: string;
  errors?: Record<string, string>;
}

export class Modal {
  /** Views the person closed: not drawn again while the state still lists them. */
  private readonly closedViews = new Set<string>();
  /** The view and content drawn now ('' for none). */
  private drawnKey = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly confirmRoot: HTMLElement,
    private readonly refresh: () => Promise<void>,
  ) {
    root.addEventListener('click', (event) => {
      const form = this.form();
      if (form && event.target instanceof Element && event.target.closest('[data-modal-close]')) {
        this.dismiss(form);
      }
    });
    document.addEventListener('keydown', (event) => {
      const form = this.form();
      if (event.key === 'Escape' && form && this.confirmRoot.hidden) this.dismiss(form);
    });
    root.addEventListener('submit', (event) => {
      event.preventDefault();
      if (event.target instanceof HTMLFormElement) void this.submit(event.target);
    });
  }

  draw(state: PlaygroundState, ctx: MrkdwnContext): void {
    const modal = state.modal && !this.closedViews.has(state.modal.viewId) ? state.modal : null;
    const key = modal ? `${modal.viewId}@${modal.hash}` : '';
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    this.root.hidden = !modal;
    this.root.innerHTML = modal ? renderModal(modal.view, ctx) : '';
    const form = this.form();
    if (modal && form) {
      form.dataset.viewId = modal.viewId;
      this.root.querySelector<HTMLElement>('.m-input')?.focus();
    }
  }

  private form(): HTMLFormElement | null {
    return this.root.querySelector('form');
  }

  private async submit(form: HTMLFormElement): Promise<void> {
    if (form.dataset.busy) return;
    const values: Record<string, Record<string, string>> = {};
    for (const field of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('.m-input')) {
      const block = String(field.dataset.block);
      values[block] = { ...values[block], [String(field.dataset.action)]: field.value };
    }
    form.dataset.busy = '1';
    const result = await postJson('/playground/submit', { viewId: form.dataset.viewId, values });
    delete form.dataset.busy;
    const answer: SubmitAnswer = (result.body.response as SubmitAnswer | null | undefined) ?? {};
    if (!result.ok) showModalErrors(form, { '': result.message });
    else if (answer.response_action === 'errors') showModalErrors(form, answer.errors ?? {});
    else if (result.body.closed) this.close(form);
    void this.refresh();
  }

  /** The person closed it (Cancel, ×, Escape): the playground stops showing it too. */
  private dismiss(form: HTMLFormElement): void {
    void postJson('/playground/close', { viewId: form.dataset.viewId });
    this.close(form);
  }

  private close(form: HTMLFormElement): void {
    if (form.dataset.viewId) this.closedViews.add(form.dataset.viewId);
    this.drawnKey = '';
    this.root.hidden = true;
    this.root.innerHTML = '';
  }
}

/** Errors by block id beside their inputs; those naming no input on top of the form. */
function showModalErrors(form: HTMLFormElement, errors: Record<string, string>): void {
  const general: string[] = [];
  for (const node of form.querySelectorAll<HTMLElement>('.m-error')) {
    node.hidden = true;
    node.textContent = '';
  }
  for (const node of form.querySelectorAll('.m-block')) node.classList.remove('has-error');
  for (const [blockId, message] of Object.entries(errors)) {
    const block = form.querySelector(`[data-input-block="${CSS.escape(blockId)}"]`);
    const slot = block?.querySelector<HTMLElement>('.m-error');
    if (!block || !slot) {
      general.push(message);
      continue;
    }
    slot.textContent = message;
    slot.hidden = false;
    block.classList.add('has-error');
  }
  const top = form.querySelector<HTMLElement>('.m-general');
  if (general.length > 0 && top) {
    top.textContent = general.join(' ');
    top.hidden = false;
  }
}
