import { SlackCallError, type SlackCaller } from './slack-calls.js';

export interface ChartUpload {
  channel: string;
  /** The incident thread the chart belongs in. */
  threadTs: string;
  filename: string;
  title: string;
  png: Buffer;
  /** What a screen reader says instead of the picture. */
  altText: string;
  initialComment?: string;
}

export interface UploadedChart {
  fileId: string;
}

/** Bytes go to Slack's upload host, not the Web API: a plain POST, bounded like the client's calls. */
const UPLOAD_TIMEOUT_MS = 10_000;

interface UploadUrlAnswer {
  upload_url?: string;
  file_id?: string;
}

async function postBytes(fetchImpl: typeof fetch, url: string, png: Buffer): Promise<void> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SlackCallError('files.upload', { kind: 'ambiguous', message });
  }
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return;
  const message = `upload host answered HTTP ${response.status}`;
  throw new SlackCallError(
    'files.upload',
    response.status >= 500 || response.status === 429
      ? { kind: 'ambiguous', message }
      : { kind: 'permanent', error: `http_${response.status}`, message },
  );
}

/**
 * Shares a PNG in a thread through Slack's external upload flow: ask for an upload URL, POST the
 * bytes there, then complete the upload into the channel and thread. Not idempotent: a retry after
 * a lost `completeUploadExternal` answer may share the picture twice, so callers record `fileId`.
 */
export async function uploadChart(
  slack: SlackCaller,
  fetchImpl: typeof fetch,
  upload: ChartUpload,
): Promise<UploadedChart> {
  const target = await slack.call<UploadUrlAnswer>('files.getUploadURLExternal', {
    filename: upload.filename,
    length: upload.png.length,
    alt_text: upload.altText,
  });
  if (!target.upload_url || !target.file_id) {
    throw new SlackCallError('files.getUploadURLExternal', {
      kind: 'permanent',
      error: 'missing_upload_url',
      message: 'Slack answered without an upload_url or file_id',
    });
  }
  await postBytes(fetchImpl, target.upload_url, upload.png);
  await slack.call('files.completeUploadExternal', {
    files: JSON.stringify([{ id: target.file_id, title: upload.title }]),
    channel_id: upload.channel,
    thread_ts: upload.threadTs,
    ...(upload.initialComment ? { initial_comment: upload.initialComment } : {}),
  });
  return { fileId: target.file_id };
}
