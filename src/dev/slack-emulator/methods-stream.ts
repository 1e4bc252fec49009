/**
 * `chat.startStream`, `chat.appendStream`, `chat.stopStream` (a message that grows by chunks while
 * it streams; `plan_update` and `task_update` chunks fold into one `plan` block of `task_card`s) and
 * `assistant.threads.setStatus` (recorded per thread).
 */
import { readMessageContent } from './message-content.js';
import { toApiMessage } from './message-shape.js';
import { fail, type MethodHandler } from './method-context.js';
import { jsonField, str } from './params.js';
import type { EmulatorStore } from './store.js';
import type { JsonObject, StoredMessage } from './types.js';
import { validateBlocks } from './validate-blocks.js';

/** Slack ends a stream left open about this long; appends then fail. */
export const STREAM_TTL_MS = 5 * 60 * 1000;
const TASK_STATUSES = new Set(['pending', 'in_progress', 'complete', 'error']);
const TASK_TEXT_MAX = 256;
const MARKDOWN_MAX = 12_000;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type ChunksRead = { ok: true; chunks: JsonObject[] } | { ok: false; error: string; messages?: string[] };

function chunkProblem(chunk: unknown, i: number): string | undefined {
  if (!isObject(chunk)) return `[ERROR] must be a chunk object [json-pointer:/chunks/${i}]`;
  const at = `[json-pointer:/chunks/${i}`;
  switch (chunk.type) {
    case 'markdown_text':
      return typeof chunk.text === 'string' && chunk.text.length <= MARKDOWN_MAX
        ? undefined
        : `[ERROR] text must be a string of at most ${MARKDOWN_MAX} characters ${at}/text]`;
    case 'plan_update':
      return typeof chunk.title === 'string' && chunk.title.length > 0
        ? undefined
        : `[ERROR] title is required ${at}/title]`;
    case 'task_update': {
      if (typeof chunk.id !== 'string' || chunk.id.length === 0) return `[ERROR] id is required ${at}/id]`;
      if (typeof chunk.title !== 'string' || chunk.title.length === 0)
        return `[ERROR] title is required ${at}/title]`;
      if (typeof chunk.status !== 'string' || !TASK_STATUSES.has(chunk.status))
        return `[ERROR] status must be pending, in_progress, complete or error ${at}/status]`;
      for (const part of ['details', 'output'] as const) {
        const text = chunk[part];
        if (text !== undefined && (typeof text !== 'string' || text.length > TASK_TEXT_MAX))
          return `[ERROR] must be at most ${TASK_TEXT_MAX} characters ${at}/${part}]`;
      }
      return undefined;
    }
    case 'blocks': {
      const problems = validateBlocks(chunk.blocks, 'message');
      return problems[0];
    }
    default:
      return `[ERROR] unknown chunk type ${at}/type]`;
  }
}

function readChunks(params: JsonObject, required: boolean): ChunksRead {
  const field = jsonField(params, 'chunks');
  const markdown = str(params, 'markdown_text');
  if (!field.present) {
    if (markdown !== undefined) return { ok: true, chunks: [{ type: 'markdown_text', text: markdown }] };
    return required ? { ok: false, error: 'invalid_arguments' } : { ok: true, chunks: [] };
  }
  if (!('value' in field) || !Array.isArray(field.value)) return { ok: false, error: 'invalid_chunks' };
  const problems = field.value
    .map(chunkProblem)
    .filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) return { ok: false, error: 'invalid_chunks', messages: problems };
  const chunks = field.value as JsonObject[];
  return {
    ok: true,
    chunks: markdown === undefined ? chunks : [{ type: 'markdown_text', text: markdown }, ...chunks],
  };
}

function richText(text: string): JsonObject {
  return { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] };
}

function taskCard(chunk: JsonObject): JsonObject {
  return {
    type: 'task_card',
    task_id: chunk.id,
    title: chunk.title,
    status: chunk.status,
    ...(typeof chunk.details === 'string' ? { details: richText(chunk.details) } : {}),
    ...(typeof chunk.output === 'string' ? { output: richText(chunk.output) } : {}),
    ...(Array.isArray(chunk.sources) ? { sources: chunk.sources } : {}),
  };
}

/** Folds chunks into the message as Slack renders them: one plan of task cards, markdown as text. */
function applyChunks(message: StoredMessage, chunks: readonly JsonObject[]): void {
  const blocks = [...(message.blocks ?? [])] as JsonObject[];
  let plan = blocks.find((block) => block.type === 'plan');
  const ensurePlan = (): JsonObject => {
    if (!plan) {
      plan = { type: 'plan', title: '', tasks: [] };
      blocks.push(plan);
    }
    return plan;
  };
  for (const chunk of chunks) {
    if (chunk.type === 'markdown_text') message.text += String(chunk.text);
    else if (chunk.type === 'plan_update') ensurePlan().title = chunk.title;
    else if (chunk.type === 'blocks' && Array.isArray(chunk.blocks))
      blocks.push(...(chunk.blocks as JsonObject[]));
    else if (chunk.type === 'task_update') {
      const tasks = ensurePlan().tasks as JsonObject[];
      const index = tasks.findIndex((task) => task.task_id === chunk.id);
      if (index >= 0) tasks[index] = taskCard(chunk);
      else tasks.push(taskCard(chunk));
    }
  }
  message.blocks = blocks.length > 0 ? blocks : undefined;
  message.stream?.chunks.push(...chunks);
}

/** Ends streams Slack would have ended by now (left open past the TTL). */
export function expireStaleStreams(store: EmulatorStore): void {
  for (const messages of store.messagesByChannel.values()) {
    for (const message of messages) {
      if (message.stream?.live && store.now() - message.stream.startedAt > STREAM_TTL_MS)
        endStream(message, 'expired');
    }
  }
}

export function endStream(message: StoredMessage, how: 'stopped' | 'expired'): void {
  if (!message.stream?.live) return;
  message.stream.live = false;
  message.stream.ended = how;
}

function snapshotEdit(store: EmulatorStore, message: StoredMessage): void {
  message.edits.push({
    text: message.text,
    blocks: message.blocks && structuredClone(message.blocks),
    at: store.now(),
  });
}

const startStream: MethodHandler = ({ params, store }) => {
  const channel = store.channel(str(params, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  if (channel.archived) return fail('is_archived');
  if (store.streamRefusal !== undefined) return fail(store.streamRefusal);
  const threadTs = str(params, 'thread_ts');
  if (threadTs === undefined || store.liveMessage(channel.id, threadTs) === undefined)
    return fail('invalid_thread_ts');
  const user = str(params, 'recipient_user_id');
  const team = str(params, 'recipient_team_id');
  // Outside a DM the stream answers someone: both recipient fields are required.
  if (!channel.id.startsWith('D') && (user === undefined || team === undefined))
    return fail('invalid_arguments');
  if (team !== undefined && team !== store.identity.teamId) return fail('team_not_found');
  const read = readChunks(params, true);
  if (!read.ok) return fail(read.error, read.messages);
  const message = store.addMessage({
    channel: channel.id,
    user: store.identity.botUserId,
    fromBot: true,
    text: '',
    threadTs,
  });
  message.stream = {
    recipientUser: user,
    recipientTeam: team,
    taskDisplayMode: str(params, 'task_display_mode'),
    startedAt: store.now(),
    appends: 0,
    chunks: [],
    live: true,
  };
  applyChunks(message, read.chunks);
  message.original = {
    text: message.text,
    blocks: message.blocks && structuredClone(message.blocks),
    at: store.now(),
  };
  return { ok: true, channel: channel.id, ts: message.ts };
};

/** The streaming message a call names, or the error Slack gives. */
function liveStream(store: EmulatorStore, params: JsonObject): StoredMessage | { error: string } {
  const channel = store.channel(str(params, 'channel') ?? '');
  if (channel === undefined) return { error: 'channel_not_found' };
  const message = store.liveMessage(channel.id, str(params, 'ts') ?? '');
  if (message === undefined) return { error: 'message_not_found' };
  expireStaleStreams(store);
  const expiresAfter = store.streamExpiresAfterAppends;
  if (message.stream && expiresAfter !== undefined && message.stream.appends >= expiresAfter)
    endStream(message, 'expired');
  if (!message.stream?.live) return { error: 'message_not_in_streaming_state' };
  return message;
}

const appendStream: MethodHandler = ({ params, store }) => {
  const message = liveStream(store, params);
  if ('error' in message) return fail(message.error);
  const read = readChunks(params, true);
  if (!read.ok) return fail(read.error, read.messages);
  applyChunks(message, read.chunks);
  if (message.stream) message.stream.appends += 1;
  snapshotEdit(store, message);
  return { ok: true, channel: message.channel, ts: message.ts };
};

const stopStream: MethodHandler = ({ params, store }) => {
  const message = liveStream(store, params);
  if ('error' in message) return fail(message.error);
  const read = readChunks(params, false);
  if (!read.ok) return fail(read.error, read.messages);
  // Blocks and metadata are read as a post's are; blocks go at the bottom of the final message.
  const content = readMessageContent(params, Number.POSITIVE_INFINITY, false);
  if (!content.ok) return content.answer;
  applyChunks(message, read.chunks);
  const { blocks, metadata } = content.content;
  if (blocks !== undefined && blocks.length > 0) message.blocks = [...(message.blocks ?? []), ...blocks];
  if (metadata !== undefined) message.metadata = metadata;
  endStream(message, 'stopped');
  snapshotEdit(store, message);
  return { ok: true, channel: message.channel, ts: message.ts, message: toApiMessage(store, message, true) };
};

const setStatus: MethodHandler = ({ params, store }) => {
  const channel = store.channel(str(params, 'channel_id') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const threadTs = str(params, 'thread_ts');
  // An empty status is how the line is cleared.
  const status = typeof params.status === 'string' ? params.status : undefined;
  if (threadTs === undefined || status === undefined) return fail('invalid_arguments');
  if (store.liveMessage(channel.id, threadTs) === undefined) return fail('invalid_thread_ts');
  if (store.missingScopes.has('chat:write'))
    return { ok: false, error: 'missing_scope', needed: 'chat:write' };
  const loading = jsonField(params, 'loading_messages');
  const loadingMessages =
    loading.present && 'value' in loading && Array.isArray(loading.value) ? loading.value : [];
  if (loadingMessages.length > 10 || loadingMessages.some((text) => typeof text !== 'string'))
    return fail('invalid_arguments');
  store.statusLines.push({
    channel: channel.id,
    threadTs,
    status,
    loadingMessages: loadingMessages as string[],
    at: store.now(),
  });
  return { ok: true };
};

export const streamMethods: Record<string, MethodHandler> = {
  'chat.startStream': startStream,
  'chat.appendStream': appendStream,
  'chat.stopStream': stopStream,
  'assistant.threads.setStatus': setStatus,
};
