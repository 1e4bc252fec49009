import type { HttpSuccess } from '../actions.js';

/**
 * Whether a reply means the automation accepted the step: its status is in the list and, when the
 * step names a JSON path, the value there equals the expected one. Pure.
 */
export function judgeReply(
  status: number,
  bodyText: string,
  success: HttpSuccess,
  defaultStatuses: readonly number[],
): string | undefined {
  const statuses = success.statuses ?? defaultStatuses;
  if (!statuses.includes(status)) return `HTTP ${status} is not a success status (${statuses.join(', ')})`;
  if (success.jsonPath === undefined) return undefined;
  let reply: unknown;
  try {
    reply = JSON.parse(bodyText);
  } catch {
    return `the reply is not JSON, so ${success.jsonPath} cannot be read`;
  }
  const found = valueAt(reply, success.jsonPath);
  const expected = success.equals ?? null;
  if (found === expected) return undefined;
  return `${success.jsonPath} is ${JSON.stringify(found) ?? 'absent'}, expected ${JSON.stringify(expected)}`;
}

/** `job.status`, `items.0.state`: object keys and array indexes, dot-separated. */
export function valueAt(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (current !== null && typeof current === 'object' && Object.hasOwn(current, key))
      current = (current as Record<string, unknown>)[key];
    else return undefined;
  }
  return current;
}
