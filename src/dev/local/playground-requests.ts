/** The JSON bodies the playground page posts, validated before anything is sent to the app. */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { readBody } from '../../http/respond.js';

const MessageTs = z
  .string()
  .regex(/^\d{9,11}\.\d{6}$/, 'must be a Slack message ts such as 1732233445.000100');
const ViewId = z.string().regex(/^V[A-Z0-9]{2,30}$/, 'must be a view id such as V0000001');
const BlockKitId = z.string().min(1).max(255);

/** One of the channels the page lists (checked by the route: the demo channel or an incident channel). */
const Channel = z.string().regex(/^C[A-Z0-9]{2,30}$/, 'must be a channel id such as C0WARROOM');

// No user id: the playground acts as its one signed-in person, in the channels it lists.
export const StateQuery = z.strictObject({ channel: Channel.optional() });

export const CommandRequest = z.strictObject({
  text: z.string().trim().min(1, 'type a command such as /inject crash api').max(4000),
  channel: Channel.optional(),
});

export const ActionRequest = z.strictObject({
  channel: Channel.optional(),
  messageTs: MessageTs,
  actionId: BlockKitId,
  blockId: BlockKitId.optional(),
  /** Which side of Slack's feedback buttons (one action id for both). */
  choice: z.enum(['positive', 'negative']).optional(),
  /** The button sits on an ephemeral message (those are not in the channel's history). */
  ephemeral: z.boolean().optional(),
});

export const SubmitRequest = z.strictObject({
  viewId: ViewId,
  /** Typed text by block_id, then action_id, as Slack's `view.state.values` holds it. */
  values: z.record(BlockKitId, z.record(BlockKitId, z.string().max(3000))).default({}),
});

export const CloseRequest = z.strictObject({ viewId: ViewId });

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 413; error: string; message: string };

const BODY_LIMIT_BYTES = 64 * 1024;

export async function readJsonRequest<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<Parsed<T>> {
  const raw = await readBody(req, BODY_LIMIT_BYTES);
  if (raw === 'too_large') {
    return { ok: false, status: 413, error: 'too_large', message: 'the body is over 64 KiB' };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, status: 400, error: 'invalid_json', message: 'the body must be a JSON object' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, status: 400, error: 'invalid_request', message: formatIssues(parsed.error) };
}
