import { RetryableError } from '../errors.js';

/**
 * A Redis call that must answer within `ms`, or fail with `redis_unavailable`: the web role
 * answers people within Slack's 3 seconds even while Redis is down or hanging.
 */
export async function withinMs<T>(ms: number, call: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new RetryableError('redis_unavailable', `Redis did not answer ${what} within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
