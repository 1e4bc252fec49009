/** What the page's modules share: finding its fixed elements, posting JSON to the playground, toasts. */

export function byId(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the playground page has no #${id}`);
  return node;
}

export function inputById(id: string): HTMLInputElement {
  const node = byId(id);
  if (!(node instanceof HTMLInputElement)) throw new Error(`#${id} is not an input`);
  return node;
}

/** The element an event happened in (or inside) that matches selector. */
export function closest(event: Event, selector: string): HTMLElement | null {
  return event.target instanceof Element ? event.target.closest<HTMLElement>(selector) : null;
}

export interface PostResult {
  ok: boolean;
  body: Record<string, unknown>;
  message: string;
}

function objectOf(json: unknown): Record<string, unknown> {
  return typeof json === 'object' && json !== null ? { ...json } : {};
}

/** Never rejects: a failure is a result with ok false and a message to show. */
export async function postJson(path: string, body: unknown): Promise<PostResult> {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = objectOf(await response.json().catch(() => ({})));
    const message =
      typeof json.message === 'string' && json.message ? json.message : `HTTP ${response.status}`;
    return { ok: response.ok && json.ok !== false, body: json, message };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, body: {}, message: `The playground does not answer (${reason})` };
  }
}

export function toast(text: string): void {
  const note = document.createElement('div');
  note.className = 'toast';
  note.setAttribute('role', 'status');
  note.textContent = text;
  byId('toasts').appendChild(note);
  setTimeout(() => note.remove(), 6000);
}
