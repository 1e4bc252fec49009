/**
 * The external file upload flow: `files.getUploadURLExternal` hands out an upload URL on the emulator,
 * the bytes are POSTed there (see `acceptUpload`), and `files.completeUploadExternal` shares them.
 */
import { fail, type MethodHandler } from './method-context.js';
import { int, jsonField, str } from './params.js';
import type { EmulatorStore } from './store.js';
import type { StoredFile } from './types.js';

export const UPLOAD_PATH = '/upload/';

const getUploadUrl: MethodHandler = ({ params, store, origin }) => {
  const filename = str(params, 'filename');
  const length = int(params, 'length');
  if (filename === undefined || length === undefined || length < 0) return fail('invalid_arguments');
  const id = store.nextId('F');
  store.files.set(id, {
    id,
    filename,
    declaredLength: length,
    altText: str(params, 'alt_text'),
    bytes: undefined,
    title: undefined,
    completed: false,
    channel: undefined,
    threadTs: undefined,
    initialComment: undefined,
    messageTs: undefined,
  });
  return { ok: true, upload_url: `${origin}${UPLOAD_PATH}${id}`, file_id: id };
};

function readFileList(value: unknown): Array<{ id: string; title: string | undefined }> | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const out: Array<{ id: string; title: string | undefined }> = [];
  for (const item of value) {
    const { id, title } = (item ?? {}) as { id?: unknown; title?: unknown };
    if (typeof id !== 'string') return undefined;
    out.push({ id, title: typeof title === 'string' ? title : undefined });
  }
  return out;
}

const complete: MethodHandler = ({ params, store }) => {
  const field = jsonField(params, 'files');
  const list = field.present && 'value' in field ? readFileList(field.value) : undefined;
  if (list === undefined) return fail('invalid_arguments');
  const files: StoredFile[] = [];
  for (const { id } of list) {
    const file = store.files.get(id);
    if (file?.bytes === undefined) return fail('file_not_found');
    files.push(file);
  }
  const channelId = str(params, 'channel_id') ?? str(params, 'channels');
  const channel = channelId === undefined ? undefined : store.channel(channelId);
  if (channelId !== undefined && channel === undefined) return fail('channel_not_found');
  if (channel?.archived) return fail('is_archived');
  const threadTs = str(params, 'thread_ts');
  const initialComment = str(params, 'initial_comment');
  list.forEach(({ title }, i) => {
    const file = files[i];
    if (file === undefined) return;
    file.title = title ?? file.filename;
    file.completed = true;
    file.channel = channel?.id;
    file.threadTs = threadTs;
    file.initialComment = initialComment;
  });
  if (channel !== undefined) {
    const message = store.addMessage({
      channel: channel.id,
      user: store.identity.botUserId,
      fromBot: true,
      text: initialComment ?? '',
      threadTs,
      files: files.map((f) => ({ id: f.id, name: f.filename, title: f.title ?? f.filename })),
    });
    for (const file of files) file.messageTs = message.ts;
  }
  return {
    ok: true,
    files: files.map((f) => ({
      id: f.id,
      name: f.filename,
      title: f.title,
      size: f.bytes?.length ?? 0,
      user: store.identity.botUserId,
      channels: f.channel ? [f.channel] : [],
    })),
  };
};

/** Stores uploaded bytes for a file id; answers like Slack's upload host (`OK - <bytes>`). */
export function acceptUpload(
  store: EmulatorStore,
  fileId: string,
  bytes: Buffer,
): { status: number; body: string } {
  const file = store.files.get(fileId);
  if (file === undefined || file.completed) return { status: 404, body: 'file_not_found' };
  file.bytes = bytes;
  return { status: 200, body: `OK - ${bytes.length}` };
}

export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': complete,
};
