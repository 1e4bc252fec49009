import type { HttpAction, HttpRequestSpec, HttpSuccess } from '../actions.js';
import type { ResolvedCredentials } from '../credentials.js';
import type { HttpExecutorConfig } from '../executor-config.js';
import type { CallMode, CallOptions, Executor, ExecutorResult } from '../port.js';
import { createRedactor } from '../redact.js';
import {
  abortReason,
  answerWithout,
  callSignal,
  type ResultContext,
  type ResultDraft,
  startCall,
  wrongKind,
} from '../result.js';
import { buildRequest, describeRequest, httpSecrets } from './http-request.js';
import { judgeReply } from './http-success.js';

/**
 * Calls a runbook-automation endpoint (Rundeck, AWX, GitHub Actions, any webhook). Redirects are
 * not followed: a 3xx is an answer like any other, so a step can never be bounced to another host.
 */
export function createHttpExecutor(config: HttpExecutorConfig, credentials: ResolvedCredentials): Executor {
  const context: ResultContext = {
    executor: { name: config.name, kind: 'http' },
    redact: createRedactor(httpSecrets(config, credentials)),
    outputLimit: config.outputLimit,
  };
  const line = (spec: HttpRequestSpec) => {
    const built = buildRequest(config, credentials, spec);
    return `http ${config.name}: ${built.ok ? describeRequest(built.value) : `refused request (${built.reason})`}`;
  };
  const describe = (action: HttpAction) => context.redact(line(action.request));

  async function send(
    mode: CallMode,
    action: HttpAction,
    spec: HttpRequestSpec,
    success: HttpSuccess,
    options: CallOptions | undefined,
  ): Promise<ExecutorResult> {
    const built = buildRequest(config, credentials, spec);
    const finish = startCall(context, mode, line(spec));
    if (!built.ok) return finish({ outcome: 'failed', reason: `${built.reason}: nothing was sent` });
    const request = built.value;
    const signal = callSignal(options, config.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal,
        redirect: 'manual',
      });
      text = await readReply(response);
    } catch (error) {
      return finish(transportFailure(error, signal, mode, action));
    }
    const refusal = judgeReply(response.status, text, success, config.successStatuses);
    // A gateway that gave up on the automation behind it cannot say whether the job ran.
    const gatewayGaveUp = GATEWAY_GAVE_UP.has(response.status) && changes(mode, action);
    return finish({
      outcome: refusal === undefined ? 'ok' : gatewayGaveUp ? 'unknown' : 'failed',
      ...(refusal === undefined ? {} : { reason: refusal }),
      httpStatus: response.status,
      output: text,
      ...(mode === 'check' ? { after: { httpStatus: response.status } } : {}),
    });
  }

  function transportFailure(
    error: unknown,
    signal: AbortSignal,
    mode: CallMode,
    action: HttpAction,
  ): ResultDraft {
    // fetch throws a TypeError without a cause when it refuses to build the request at all.
    if (error instanceof TypeError && error.cause === undefined && !signal.aborted)
      return {
        outcome: 'failed',
        reason: `the request could not be built (${error.message}): nothing was sent`,
      };
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return {
        outcome: 'failed',
        reason: `cannot reach ${new URL(config.baseUrl).host} (${code}): nothing was sent`,
      };
    const why = signal.aborted
      ? abortReason(signal, config.timeoutMs)
      : `failed (${code ?? (error as Error).message})`;
    // Once a changing request may have left, only a check can say whether it took effect.
    return { outcome: changes(mode, action) ? 'unknown' : 'failed', reason: `the request ${why}` };
  }

  /** What `apply` would send, rendered but not sent. */
  function renderOnly(action: HttpAction): ExecutorResult {
    const built = buildRequest(config, credentials, action.request);
    const finish = startCall(context, 'dry-run', line(action.request));
    if (!built.ok) return finish({ outcome: 'failed', reason: built.reason });
    const headers = Object.keys(built.value.headers).join(', ');
    return finish({
      outcome: 'ok',
      output: `would send ${describeRequest(built.value)}\nheaders: ${headers}`,
    });
  }

  const defaults: HttpSuccess = {};
  return {
    kind: 'http',
    name: config.name,
    describe: (action) => (action.kind === 'http' ? describe(action) : `${action.kind} action`),
    async dryRun(action, options) {
      if (action.kind !== 'http') return wrongKind(context, 'dry-run', action.kind);
      if (action.dryRun === undefined) return renderOnly(action);
      return send('dry-run', action, action.dryRun, action.success, options);
    },
    async apply(action, options) {
      if (action.kind !== 'http') return wrongKind(context, 'apply', action.kind);
      return send('apply', action, action.request, action.success, options);
    },
    async rollback(action, _applied, options) {
      if (action.kind !== 'http') return wrongKind(context, 'rollback', action.kind);
      if (action.rollback === undefined)
        return answerWithout(
          context,
          'rollback',
          describe(action),
          'failed',
          'the step names no rollback request',
        );
      return send('rollback', action, action.rollback, defaults, options);
    },
    async check(action, options) {
      if (action.kind !== 'http') return wrongKind(context, 'check', action.kind);
      if (action.check === undefined)
        return answerWithout(
          context,
          'check',
          describe(action),
          'unknown',
          'the step names no check endpoint: someone has to look',
        );
      return send('check', action, action.check, defaults, options);
    },
  };
}

const GATEWAY_GAVE_UP = new Set([502, 504]);

/** Whether the call's request changes something (a dry run only when it calls a check job). */
function changes(mode: CallMode, action: HttpAction): boolean {
  return mode === 'apply' || mode === 'rollback' || (mode === 'dry-run' && action.dryRun !== undefined);
}

/** A reply larger than this is cut: a runaway endpoint cannot fill the worker's memory. */
const MAX_REPLY_BYTES = 1024 * 1024;

async function readReply(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_REPLY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= MAX_REPLY_BYTES) await reader.cancel();
  return Buffer.concat(chunks).subarray(0, MAX_REPLY_BYTES).toString('utf8');
}
