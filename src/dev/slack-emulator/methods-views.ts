/** `views.open`, `views.push`, `views.update`, `views.publish`, with trigger and hash checks. */

import { toApiView } from './message-shape.js';
import { fail, type MethodContext, type MethodHandler } from './method-context.js';
import { jsonField, str } from './params.js';
import { isUserId } from './store.js';
import type { JsonObject, MethodAnswer, StoredView } from './types.js';
import { type ViewType, validateView } from './validate-view.js';

const MAX_MODAL_STACK = 3;

type ViewRead = { ok: true; view: JsonObject } | { ok: false; answer: MethodAnswer };

function readView(ctx: MethodContext, expected: ViewType | undefined): ViewRead {
  const field = jsonField(ctx.params, 'view');
  if (!field.present || !('value' in field)) return { ok: false, answer: fail('invalid_arguments') };
  const problems = validateView(field.value, expected);
  if (problems.length > 0) return { ok: false, answer: fail('invalid_arguments', problems) };
  return { ok: true, view: field.value as JsonObject };
}

function externalIdTaken(ctx: MethodContext, externalId: unknown, exceptViewId?: string): boolean {
  if (typeof externalId !== 'string' || externalId === '') return false;
  return [...ctx.store.views.values()].some((v) => v.externalId === externalId && v.id !== exceptViewId);
}

function createModal(ctx: MethodContext, action: 'opened' | 'pushed'): MethodAnswer {
  const { store } = ctx;
  const read = readView(ctx, 'modal');
  if (!read.ok) return read.answer;
  const triggerId = str(ctx.params, 'trigger_id');
  if (triggerId === undefined) return fail('invalid_arguments');
  if (externalIdTaken(ctx, read.view.external_id)) return fail('duplicate_external_id');
  const stack =
    action === 'pushed' ? (store.modalStackByUser.get(store.triggers.get(triggerId)?.user ?? '') ?? []) : [];
  if (action === 'pushed' && stack.length >= MAX_MODAL_STACK) return fail('push_limit_reached');
  const trigger = store.redeemTrigger(triggerId);
  if (!trigger.ok) return fail(trigger.error);
  const id = store.nextId('V');
  const previous = stack.at(-1);
  const stored: StoredView = {
    id,
    externalId: typeof read.view.external_id === 'string' ? read.view.external_id : undefined,
    hash: store.newViewHash(),
    type: 'modal',
    user: trigger.user,
    view: read.view,
    rootViewId: stack[0] ?? id,
    previousViewId: previous,
  };
  store.views.set(id, stored);
  store.modalStackByUser.set(trigger.user, [...stack, id]);
  store.record(stored, action);
  return { ok: true, view: toApiView(store, stored) };
}

const update: MethodHandler = (ctx) => {
  const { store, params } = ctx;
  const viewId = str(params, 'view_id');
  const externalId = str(params, 'external_id');
  if (viewId === undefined && externalId === undefined) return fail('invalid_arguments');
  const stored =
    viewId !== undefined
      ? store.views.get(viewId)
      : [...store.views.values()].find((v) => v.externalId === externalId);
  if (stored === undefined) return fail('not_found');
  const read = readView(ctx, stored.type === 'home' ? 'home' : 'modal');
  if (!read.ok) return read.answer;
  const hash = str(params, 'hash');
  if (hash !== undefined && hash !== stored.hash) return fail('hash_conflict');
  if (externalIdTaken(ctx, read.view.external_id, stored.id)) return fail('duplicate_external_id');
  stored.view = read.view;
  stored.hash = store.newViewHash();
  if (typeof read.view.external_id === 'string') stored.externalId = read.view.external_id;
  store.record(stored, 'updated');
  return { ok: true, view: toApiView(store, stored) };
};

const publish: MethodHandler = (ctx) => {
  const { store, params } = ctx;
  const user = str(params, 'user_id');
  if (user === undefined) return fail('invalid_arguments');
  if (!isUserId(user)) return fail('user_not_found');
  const read = readView(ctx, 'home');
  if (!read.ok) return read.answer;
  const existing = store.views.get(store.homeViewByUser.get(user) ?? '');
  const hash = str(params, 'hash');
  if (existing !== undefined && hash !== undefined && hash !== existing.hash) return fail('hash_conflict');
  const id = existing?.id ?? store.nextId('V');
  const stored: StoredView = {
    id,
    externalId: typeof read.view.external_id === 'string' ? read.view.external_id : undefined,
    hash: store.newViewHash(),
    type: 'home',
    user,
    view: read.view,
    rootViewId: id,
    previousViewId: undefined,
  };
  store.views.set(id, stored);
  store.homeViewByUser.set(user, id);
  store.record(stored, 'published');
  return { ok: true, view: toApiView(store, stored) };
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': (ctx) => createModal(ctx, 'opened'),
  'views.push': (ctx) => createModal(ctx, 'pushed'),
  'views.update': update,
  'views.publish': publish,
};
