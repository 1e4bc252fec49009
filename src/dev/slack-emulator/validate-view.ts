/**
 * Limits Slack enforces on modal and Home tab views. Pure: returns the problems (empty: accepted).
 * Slack answers these with `invalid_arguments` and lists the problems in `response_metadata.messages`.
 */
import { validateBlocks } from './validate-blocks.js';

export type ViewType = 'modal' | 'home';

const MAX_BUTTON_TITLE = 24;

function problem(why: string, path: string): string {
  return `[ERROR] ${why} [json-pointer:${path}]`;
}

function checkPlainTitle(value: unknown, path: string, required: boolean): string[] {
  if (value === undefined) return required ? [problem('must provide a plain_text object', path)] : [];
  if (typeof value !== 'object' || value === null) return [problem('must be a text object', path)];
  const { type, text } = value as { type?: unknown; text?: unknown };
  const out: string[] = [];
  if (type !== 'plain_text') out.push(problem('must be of type plain_text', `${path}/type`));
  if (typeof text !== 'string' || text.length === 0) {
    out.push(problem('must be more than 0 characters', `${path}/text`));
  } else if (text.length > MAX_BUTTON_TITLE) {
    out.push(problem(`must be less than ${MAX_BUTTON_TITLE + 1} characters`, `${path}/text`));
  }
  return out;
}

function checkLength(value: unknown, path: string, max: number): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'string') return [problem('must be a string', path)];
  return value.length > max ? [problem(`must be less than ${max + 1} characters`, path)] : [];
}

/** Problems Slack would report for this view; `expected` is the type the method requires. */
export function validateView(view: unknown, expected?: ViewType): string[] {
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    return [problem('must be a view object', '/view')];
  }
  const v = view as Record<string, unknown>;
  if (v.type !== 'modal' && v.type !== 'home') return [problem('must be "modal" or "home"', '/view/type')];
  if (expected !== undefined && v.type !== expected) {
    return [problem(`must be "${expected}" for this method`, '/view/type')];
  }
  const problems: string[] = [];
  if (v.type === 'modal') {
    problems.push(...checkPlainTitle(v.title, '/view/title', true));
    problems.push(...checkPlainTitle(v.submit, '/view/submit', false));
    problems.push(...checkPlainTitle(v.close, '/view/close', false));
    const hasInput =
      Array.isArray(v.blocks) && v.blocks.some((b) => (b as { type?: unknown })?.type === 'input');
    if (hasInput && v.submit === undefined) {
      problems.push(problem('must provide submit when the view has input blocks', '/view/submit'));
    }
  }
  problems.push(...checkLength(v.private_metadata, '/view/private_metadata', 3000));
  problems.push(...checkLength(v.callback_id, '/view/callback_id', 255));
  problems.push(...checkLength(v.external_id, '/view/external_id', 255));
  problems.push(...validateBlocks(v.blocks ?? [], v.type));
  return problems;
}
