import type { ResolvedCredentials } from '../credentials.js';
import type { SupervisorExecutorConfig } from '../executor-config.js';
import { decodeMethodResponse, encodeMethodCall, type XmlRpcParam, type XmlRpcReply } from './xml-rpc.js';

/**
 * supervisord's XML-RPC over HTTP with basic auth. A transport failure says whether the request
 * certainly never arrived (`sent: false`: refused connection, 401) or may have (`sent: 'maybe'`:
 * a timeout or a reset after it left), which decides between a failed and an unknown step.
 */
export class SupervisorTransportError extends Error {
  constructor(
    message: string,
    readonly sent: false | 'maybe',
  ) {
    super(message);
    this.name = 'SupervisorTransportError';
  }
}

export interface SupervisorEndpoint {
  /** The XML-RPC URL (`http://host:port/RPC2`). */
  url: string;
  /** `Basic …`, or undefined when supervisord asks for no auth. */
  authorization?: string;
  /** `host:port`, for messages. */
  label: string;
}

/** supervisord's XML-RPC endpoint for an executor's config and its resolved password. */
export function supervisorEndpoint(
  config: Pick<SupervisorExecutorConfig, 'url' | 'username'>,
  credentials: ResolvedCredentials,
): SupervisorEndpoint {
  const url = new URL(config.url);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/RPC2';
  const basic =
    config.username === undefined
      ? undefined
      : Buffer.from(`${config.username}:${credentials.password ?? ''}`).toString('base64');
  return {
    url: url.toString(),
    label: url.host,
    ...(basic === undefined ? {} : { authorization: `Basic ${basic}` }),
  };
}

export async function callSupervisor(
  endpoint: SupervisorEndpoint,
  method: string,
  params: readonly XmlRpcParam[],
  signal: AbortSignal,
): Promise<XmlRpcReply> {
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'text/xml',
        ...(endpoint.authorization === undefined ? {} : { authorization: endpoint.authorization }),
      },
      body: encodeMethodCall(method, params),
      signal,
      redirect: 'manual',
    });
  } catch (error) {
    throw transportError(endpoint, error, signal);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transportError(endpoint, error, signal);
  }
  if (response.status === 401)
    throw new SupervisorTransportError(
      `supervisord at ${endpoint.label} refused the credentials (401)`,
      false,
    );
  if (!response.ok)
    throw new SupervisorTransportError(
      `supervisord at ${endpoint.label} answered HTTP ${response.status}`,
      false,
    );
  try {
    return decodeMethodResponse(text);
  } catch (error) {
    throw new SupervisorTransportError(
      `supervisord at ${endpoint.label} sent an unreadable reply: ${(error as Error).message}`,
      'maybe',
    );
  }
}

function transportError(
  endpoint: SupervisorEndpoint,
  error: unknown,
  signal: AbortSignal,
): SupervisorTransportError {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    const what = reason instanceof Error && reason.name === 'TimeoutError' ? 'timed out' : 'was cancelled';
    return new SupervisorTransportError(`the call to supervisord at ${endpoint.label} ${what}`, 'maybe');
  }
  const code = (error as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new SupervisorTransportError(`cannot reach supervisord at ${endpoint.label} (${code})`, false);
  return new SupervisorTransportError(
    `the call to supervisord at ${endpoint.label} failed (${code ?? (error as Error).message})`,
    'maybe',
  );
}
