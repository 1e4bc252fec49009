/**
 * Decides the answer to one Web API call once its parameters are read: token check, the
 * `chat.postMessage` posting limit (and the `chat.update` limit when one is set), then the method
 * handler.
 */
import type { MethodContext, MethodHandler } from './method-context.js';
import { fail } from './method-context.js';
import { channelMethods } from './methods-channels.js';
import { chatMethods, postTarget } from './methods-chat.js';
import { conversationMethods } from './methods-conversations.js';
import { fileMethods } from './methods-files.js';
import { miscMethods } from './methods-misc.js';
import { streamMethods } from './methods-stream.js';
import { viewMethods } from './methods-views.js';
import { str } from './params.js';
import type { TokenBucketLimiter } from './rate-limit.js';
import { openSocketConnection } from './socket-mode.js';
import type { MethodAnswer } from './types.js';

export const METHODS: Readonly<Record<string, MethodHandler>> = {
  ...chatMethods,
  ...streamMethods,
  ...conversationMethods,
  ...channelMethods,
  ...viewMethods,
  ...miscMethods,
  ...fileMethods,
};

export type ApiOutcome =
  | { kind: 'answer'; answer: MethodAnswer }
  | { kind: 'rateLimited'; limit: 'posting' | 'update'; retryAfterSec: number };

export interface DispatchOptions {
  /** Token to accept; when undefined any `xox…` token is accepted. */
  botToken: string | undefined;
  postingLimiter: TokenBucketLimiter;
  /** `chat.update` across the workspace (Slack's Tier 3); absent: updates are not limited. */
  updateLimiter?: TokenBucketLimiter | undefined;
}

export function tokenOf(
  authorization: string | undefined,
  params: MethodContext['params'],
): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  return match?.[1]?.trim() ?? str(params, 'token');
}

function tokenProblem(token: string | undefined, expected: string | undefined): string | undefined {
  if (token === undefined) return 'not_authed';
  const valid = expected === undefined ? /^xox[a-z]-/.test(token) : token === expected;
  return valid ? undefined : 'invalid_auth';
}

export function dispatchApiCall(
  method: string,
  ctx: MethodContext,
  token: string | undefined,
  options: DispatchOptions,
): ApiOutcome {
  if (method === 'apps.connections.open') return { kind: 'answer', answer: openSocketConnection(ctx, token) };
  const handler = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (handler === undefined) return { kind: 'answer', answer: fail('unknown_method') };
  const problem = tokenProblem(token, options.botToken);
  if (problem !== undefined) return { kind: 'answer', answer: fail(problem) };
  if (method === 'chat.postMessage') {
    const channel = str(ctx.params, 'channel');
    if (channel !== undefined && ctx.store.channel(postTarget(channel)) !== undefined) {
      const taken = options.postingLimiter.take(postTarget(channel));
      if (!taken.allowed)
        return { kind: 'rateLimited', limit: 'posting', retryAfterSec: taken.retryAfterSec };
    }
  }
  if (method === 'chat.update' && options.updateLimiter) {
    const taken = options.updateLimiter.take('workspace');
    if (!taken.allowed) return { kind: 'rateLimited', limit: 'update', retryAfterSec: taken.retryAfterSec };
  }
  return { kind: 'answer', answer: handler(ctx) };
}
