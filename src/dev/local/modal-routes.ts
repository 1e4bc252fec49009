/** Modal routes: a submission (answered the way Slack's client would act on it) and Cancel. */
import type { z } from 'zod';
import type { JsonObject } from '../slack-emulator/index.js';
import { textInputsOf } from './block-lookup.js';
import type { ModalTracker } from './modal-tracker.js';
import { DEMO_USER } from './playground-identity.js';
import type { CloseRequest, SubmitRequest } from './playground-requests.js';
import { appFailed, type Handler, type PlaygroundDeps, refuse } from './route-kit.js';

export function submitRoute(deps: PlaygroundDeps): Handler<z.infer<typeof SubmitRequest>> {
  return async (input, driver) => {
    const userId = DEMO_USER.id;
    const modal = deps.modals.open(input.viewId, userId);
    if (!modal) return refuse(404, 'view_not_open', `${userId} has no open modal ${input.viewId}`);
    const inputs = textInputsOf(modal.view);
    for (const [blockId, byAction] of Object.entries(input.values)) {
      for (const actionId of Object.keys(byAction)) {
        if (!inputs.some((known) => known.blockId === blockId && known.actionId === actionId)) {
          return refuse(400, 'unknown_input', `the modal has no input ${blockId}.${actionId}`);
        }
      }
    }
    const typed = (blockId: string, actionId: string) => input.values[blockId]?.[actionId]?.trim() ?? '';
    // Slack's own client refuses an empty required input before the app hears of it.
    const missing = inputs.filter((field) => !field.optional && typed(field.blockId, field.actionId) === '');
    if (missing.length > 0) {
      const errors = Object.fromEntries(
        missing.map((field) => [field.blockId, 'Please fill out this field.']),
      );
      return {
        status: 200,
        body: { ok: true, closed: false, response: { response_action: 'errors', errors } },
      };
    }
    const values = Object.fromEntries(
      inputs.map((field) => {
        const value = input.values[field.blockId]?.[field.actionId];
        return [field.blockId, { [field.actionId]: { type: 'plain_text_input', value: value ?? null } }];
      }),
    );
    const { view } = modal;
    const response = await driver.viewSubmission({
      userId,
      view: {
        id: modal.viewId,
        callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
        private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
        state: { values },
        hash: modal.hash,
        ...(view.title ? { title: view.title as JsonObject } : {}),
        ...(Array.isArray(view.blocks) ? { blocks: view.blocks } : {}),
      },
    });
    if (response.status !== 200) return appFailed(response);
    const answer = (response.json ?? {}) as { response_action?: unknown; view?: unknown };
    const closed = applyAnswer(deps.modals, userId, modal.viewId, answer);
    return { status: 200, body: { ok: true, closed, response: response.json ?? null } };
  };
}

/** What Slack's client does with a submission's answer; true when the modal closed. */
function applyAnswer(
  modals: ModalTracker,
  userId: string,
  viewId: string,
  answer: { response_action?: unknown; view?: unknown },
): boolean {
  const newView =
    typeof answer.view === 'object' && answer.view !== null ? (answer.view as JsonObject) : undefined;
  switch (answer.response_action) {
    case 'errors':
      return false;
    // The playground draws one modal at a time, so a pushed view simply takes the current one's place.
    case 'update':
    case 'push':
      if (newView) modals.replace(viewId, newView);
      return false;
    case 'clear':
      modals.closeAll(userId);
      return true;
    default:
      modals.close(viewId);
      return true;
  }
}

export function closeRoute(deps: PlaygroundDeps): Handler<z.infer<typeof CloseRequest>> {
  return async (input) => {
    const userId = DEMO_USER.id;
    if (!deps.modals.open(input.viewId, userId)) {
      return refuse(404, 'view_not_open', `${userId} has no open modal ${input.viewId}`);
    }
    deps.modals.close(input.viewId);
    return { status: 200, body: { ok: true } };
  };
}
