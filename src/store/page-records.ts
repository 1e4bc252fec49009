import type { PageTarget } from '../domain/paging.js';
import { slackPermalink } from '../domain/slack-link.js';
import type { Keys } from './keys.js';
import { createMessageRecords } from './message-records.js';
import { onReplica, type Redis } from './redis.js';

const CARD_KEY = 'card';

/**
 * What was paged for one incident. One round claims the incident's page (a later round never pages
 * again); each target's trigger and resolve are marked once sent, so a retried job sends only what
 * is missing.
 */
export interface PageRecords {
  /** True for the round that holds the incident's page (the first to ask, and its retries). */
  claim(incidentId: string, round: number): Promise<boolean>;
  isSent(incidentId: string, action: 'trigger' | 'resolve', target: PageTarget): Promise<boolean>;
  markSent(incidentId: string, action: 'trigger' | 'resolve', target: PageTarget, at: Date): Promise<void>;
  /** Targets a trigger went to. */
  triggered(incidentId: string): Promise<PageTarget[]>;
  /** The permalink of the incident's card in Slack, once posted. */
  cardLink(incidentId: string): Promise<string | undefined>;
}

export function createPageRecords(redis: Redis, keys: Keys): PageRecords {
  const messages = createMessageRecords(redis, keys);
  return {
    async claim(incidentId, round) {
      const key = keys.pages(incidentId);
      await redis.hsetnx(key, 'claim', String(round));
      return (await redis.hget(key, 'claim')) === String(round);
    },
    async isSent(incidentId, action, target) {
      return (await redis.hexists(keys.pages(incidentId), `${action}:${target}`)) === 1;
    },
    async markSent(incidentId, action, target, at) {
      await redis.hset(keys.pages(incidentId), `${action}:${target}`, at.toISOString());
      // A mark a failover loses would page again.
      await onReplica(redis, keys.pages(incidentId));
    },
    async triggered(incidentId) {
      const fields = await redis.hkeys(keys.pages(incidentId));
      return fields.flatMap((field) => {
        const [action, target] = field.split(':');
        return action === 'trigger' && (target === 'pagerduty' || target === 'webhook') ? [target] : [];
      });
    },
    async cardLink(incidentId) {
      const card = (await messages.all(incidentId)).records.get(CARD_KEY);
      return card ? slackPermalink(card.channel, card.ts) : undefined;
    },
  };
}
