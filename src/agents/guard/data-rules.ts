import { anyCommand } from './match.js';
import { alwaysTrue } from './sql.js';
import type { GuardRule } from './types.js';

const SQL_UPDATE = /\bupdate\s+[\w.]+\s+set\s+[\w.]+\s*=/;
const SQL_WHERE = /\bwhere\b/;
/** `WHERE pid <> pg_backend_pid()` spares only the session that runs it. */
const EVERYONE_BUT_ME = /\bwhere\s+pid\s*(<>|!=)\s*pg_backend_pid\(\)\s*;?$/;

/** `redis-cli --scan` (no pattern, or `*`) or `KEYS *` feeding DEL: every key, one by one. */
function deletesEveryRedisKey(pipeline: string): boolean {
  const stages = pipeline.split('|');
  const from = stages.findIndex(
    (stage) =>
      /\bredis-cli\b/.test(stage) &&
      (/\skeys\s\*(\s|$)/.test(stage) ||
        (/\s--scan\b/.test(stage) && (!/\s--pattern\s/.test(stage) || /\s--pattern\s\*(\s|$)/.test(stage)))),
  );
  return from >= 0 && stages.slice(from + 1).some((stage) => /\b(del|unlink)\b/.test(stage));
}

export const DATA_RULES: readonly GuardRule[] = [
  // G051 and G052 read whole statements: calls like now() split a statement into several commands.
  {
    id: 'G051',
    verdict: 'block',
    category: 'data_loss',
    reason: 'UPDATE without a WHERE clause (or with one that is always true) rewrites every row',
    test: (normalized) =>
      normalized.pipelines.some(
        (statement) => SQL_UPDATE.test(statement) && (!SQL_WHERE.test(statement) || alwaysTrue(statement)),
      ),
  },
  {
    id: 'G052',
    verdict: 'block',
    category: 'destructive',
    reason:
      'Terminates every database connection, replication and the crew included: filter by state or user',
    test: (normalized) =>
      normalized.pipelines.some(
        (statement) =>
          /\bpg_terminate_backend\b/.test(statement) &&
          (!SQL_WHERE.test(statement) || EVERYONE_BUT_ME.test(statement)),
      ),
  },
  {
    id: 'G053',
    verdict: 'block',
    category: 'data_loss',
    reason:
      'Deletes every document, index, topic or queued message (MongoDB, Elasticsearch, Kafka, RabbitMQ)',
    test: anyCommand(
      /\.(deletemany|remove)\(\s?\{\s?\}/,
      [/\bcurl\b/, /(-x\s?|--request\s)delete\b/, /\/(_all|[\w.-]*\*)(\s|$|\?)/],
      [/\bkafka-topics(\.sh)?\s/, /\s--delete\b/],
      /\brabbitmqctl\s+(reset|force_reset|purge_queue|delete_queue|delete_vhost)\b/,
    ),
  },
  {
    id: 'G054',
    verdict: 'block',
    category: 'data_loss',
    reason:
      'Deletes every Redis key, shuts it down without saving, crashes it, turns persistence off or moves its dump',
    test: (normalized) =>
      normalized.pipelines.some(deletesEveryRedisKey) ||
      anyCommand(
        /\bshutdown\s+nosave\b/,
        [/\bredis-cli\b/, /\sdebug\s+(segfault|crash-and-recover|restart|oom)\b/],
        [/\bredis-cli\b/, /\sconfig\s+set\s+(dir|dbfilename)\s/],
        [/\bredis-cli\b/, /\sconfig\s+set\s+(save\s*$|appendonly\s+no\b)/],
      )(normalized),
  },
];
