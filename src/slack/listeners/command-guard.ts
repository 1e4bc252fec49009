import type { Logger } from '../../log.js';
import { withinMs } from '../../store/bounded-call.js';
import type { Keys } from '../../store/keys.js';
import { claimOnce } from '../../store/once.js';
import type { Redis } from '../../store/redis.js';
import { countUserRequest, type UserRateLimit } from '../../store/user-rate.js';
import { reportToUser } from '../error-sink.js';

/** Commands that open incidents, per person: enough for a real outage, not for a script. */
export const OPENING_COMMAND_RATE: UserRateLimit = { limit: 10, windowSeconds: 60 };
/** The checks run before `ack`: they must leave Slack's 3 seconds room even when Redis hangs. */
const BEFORE_ACK_BUDGET_MS = 800;

interface GuardDeps {
  redis: Redis;
  keys: Keys;
  logger: Logger;
}

export type Admission = { kind: 'go' } | { kind: 'duplicate' } | { kind: 'refuse'; text: string };

/**
 * Whether a command that opens incidents may run: once per trigger_id (Slack's double submits),
 * within the person's rate. Redis that does not answer in time refuses it with a reference.
 */
export async function admitOpeningCommand(
  deps: GuardDeps,
  command: { name: string; scope: string; triggerId: string; userId: string; text: string },
): Promise<Admission> {
  try {
    const checks = async (): Promise<Admission> => {
      if (!(await claimOnce(deps.redis, deps.keys, 'command', command.triggerId)))
        return { kind: 'duplicate' };
      const rate = await countUserRequest(
        deps.redis,
        deps.keys,
        command.name,
        command.userId,
        OPENING_COMMAND_RATE,
      );
      if (rate.allowed) return { kind: 'go' };
      deps.logger.warn(
        { user: command.userId, command: command.name },
        'command refused: per-user rate limit',
      );
      return {
        kind: 'refuse',
        text:
          `You ran \`${command.name}\` over ${OPENING_COMMAND_RATE.limit} times in ${OPENING_COMMAND_RATE.windowSeconds} s. ` +
          `Nothing was changed; try again in ${rate.retryAfterSeconds} s.`,
      };
    };
    return await withinMs(BEFORE_ACK_BUDGET_MS, checks(), `the checks of ${command.name}`);
  } catch (error) {
    return {
      kind: 'refuse',
      text: reportToUser(deps.logger, error, { command: command.name, text: command.text }),
    };
  }
}
