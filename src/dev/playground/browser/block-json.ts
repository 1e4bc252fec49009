/**
 * Block Kit JSON as the page reads it. The page draws whatever the app posted, including block
 * types it cannot draw and fields left out, so every field is optional and read defensively
 * rather than typed with @slack/types' exact unions.
 */

/** A text object (plain_text or mrkdwn); also a context element, which is one. */
export interface TextJson {
  type?: string;
  text?: unknown;
}

export interface ConfirmJson {
  title?: TextJson;
  text?: TextJson;
  confirm?: TextJson;
  deny?: TextJson;
  style?: string;
}

export interface FeedbackButtonJson {
  text?: TextJson;
  accessibility_label?: string;
}

/** A block element: a button, feedback buttons, an image, a text object or an input. */
export interface ElementJson extends TextJson {
  action_id?: string;
  style?: string;
  url?: string;
  confirm?: ConfirmJson;
  alt_text?: string;
  positive_button?: FeedbackButtonJson;
  negative_button?: FeedbackButtonJson;
  placeholder?: TextJson;
  initial_value?: string;
  multiline?: boolean;
  max_length?: number;
}

export interface BlockJson {
  type?: string;
  block_id?: string;
  text?: TextJson;
  fields?: unknown;
  accessory?: ElementJson;
  elements?: unknown;
  alt_text?: string;
  /** An input block's element, label, hint and whether it may stay empty. */
  element?: ElementJson;
  label?: TextJson;
  hint?: TextJson;
  optional?: boolean;
  /** A plan's title and task cards; a task card's id, status, details, output and sources. */
  title?: unknown;
  tasks?: unknown;
  task_id?: string;
  status?: string;
  details?: unknown;
  output?: unknown;
  sources?: unknown;
}

export interface ViewJson {
  title?: TextJson;
  close?: TextJson;
  submit?: TextJson;
  blocks?: unknown;
}

/** JSON arrays as the page gets them: anything that is not an array draws as nothing. */
export function listOf<T>(value: unknown): readonly T[] {
  return Array.isArray(value) ? value : [];
}
