import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeRequest } from './kube-requests.js';

/** Puts a built request on the wire with the kubeconfig's TLS and credentials; answers status and JSON. */
export interface KubeReply {
  status: number;
  body: unknown;
}

const MAX_REPLY_BYTES = 8 * 1024 * 1024;
/** Errors raised before a byte reached the API server: nothing can have changed. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
]);

export class KubeTransportError extends Error {
  constructor(
    message: string,
    /** The request may have reached the API server. */
    readonly maybeSent: boolean,
  ) {
    super(message);
  }
}

export async function sendKube(
  kubeConfig: KubeConfig,
  request: KubeRequest,
  signal: AbortSignal,
): Promise<KubeReply> {
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null) throw new KubeTransportError('the kubeconfig names no current cluster', false);
  const url = new URL(`${cluster.server.replace(/\/+$/, '')}${request.path}`);
  for (const [key, value] of request.query) url.searchParams.append(key, value);
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  const options: https.RequestOptions = {
    method: request.method,
    headers: {
      accept: 'application/json',
      ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }),
    },
    signal,
  };
  await kubeConfig.applyToHTTPSOptions(options);
  const send = url.protocol === 'http:' ? http.request : https.request;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_REPLY_BYTES) chunks.push(chunk);
      });
      response.on('error', (error) => reject(new KubeTransportError(error.message, true)));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: parse(Buffer.concat(chunks)) }),
      );
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // A cancelled call may have sent its request already; a refused connection has sent nothing.
      const maybeSent = signal.aborted || !NOT_SENT.has(error.code ?? '');
      reject(new KubeTransportError(`${url.host}: ${error.code ?? error.message}`, maybeSent));
    });
    outgoing.end(payload);
  });
}

function parse(body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
