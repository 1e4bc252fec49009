/**
 * The content part of a message-posting call (`text`, `blocks`, `attachments`, `metadata`), decoded
 * and checked as Slack checks it. Shared by `chat.*` and `response_url` posts.
 */
import { jsonField, str } from './params.js';
import type { JsonObject, MessageMetadata, MethodAnswer } from './types.js';
import { validateBlocks } from './validate-blocks.js';

export const POST_TEXT_LIMIT = 40_000;
export const UPDATE_TEXT_LIMIT = 4_000;

export interface MessageContent {
  text: string | undefined;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  metadata: MessageMetadata | undefined;
}

export type ContentResult = { ok: true; content: MessageContent } | { ok: false; answer: MethodAnswer };

function fail(error: string, messages?: string[]): ContentResult {
  const answer: MethodAnswer = messages
    ? { ok: false, error, response_metadata: { messages } }
    : { ok: false, error };
  return { ok: false, answer };
}

function readMetadata(params: JsonObject): MessageMetadata | undefined | 'invalid' {
  const field = jsonField(params, 'metadata');
  if (!field.present) return undefined;
  if (!('value' in field)) return 'invalid';
  const value = field.value as { event_type?: unknown; event_payload?: unknown } | null;
  if (typeof value !== 'object' || value === null || typeof value.event_type !== 'string') return 'invalid';
  const payload = value.event_payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'invalid';
  return { event_type: value.event_type, event_payload: payload as JsonObject };
}

/** Decodes and validates content; `requireContent` gives `no_text` when nothing would show. */
export function readMessageContent(
  params: JsonObject,
  textLimit: number,
  requireContent = true,
): ContentResult {
  const blocksField = jsonField(params, 'blocks');
  let blocks: unknown[] | undefined;
  if (blocksField.present) {
    if (!('value' in blocksField) || !Array.isArray(blocksField.value)) return fail('invalid_blocks_format');
    const problems = validateBlocks(blocksField.value, 'message');
    if (problems.length > 0) return fail('invalid_blocks', problems);
    blocks = blocksField.value;
  }
  const attachmentsField = jsonField(params, 'attachments');
  let attachments: unknown[] | undefined;
  if (attachmentsField.present) {
    if (!('value' in attachmentsField) || !Array.isArray(attachmentsField.value))
      return fail('invalid_attachments');
    attachments = attachmentsField.value;
  }
  const metadata = readMetadata(params);
  if (metadata === 'invalid') return fail('invalid_metadata_format');
  const text = str(params, 'text');
  if (text !== undefined && text.length > textLimit) return fail('msg_too_long');
  const hasContent =
    text !== undefined || (blocks !== undefined && blocks.length > 0) || (attachments?.length ?? 0) > 0;
  if (requireContent && !hasContent) return fail('no_text');
  return { ok: true, content: { text, blocks, attachments, metadata } };
}
