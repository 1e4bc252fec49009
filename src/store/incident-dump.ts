import { ApprovalBook, emptyBook } from '../domain/approval.js';
import type { IncidentRecord, RecordedAction, RecordedSlackMessage } from '../domain/incident-record.js';
import { slackPermalink } from '../domain/slack-link.js';
import { StageRun } from '../domain/stage-run.js';
import type { Keys } from './keys.js';
import { isMessageField } from './message-records.js';
import type { Redis } from './redis.js';

/** An incident's Redis hashes, decoded but not interpreted: the archive copies them as they are. */
export type IncidentDump = Pick<
  IncidentRecord,
  'decisions' | 'outputs' | 'runs' | 'actions' | 'alerts' | 'slack'
>;

/** `round|stepId|phase|start` and `…|outcome` fields of the step records, paired. */
export function pairStepRecords(fields: Record<string, string>): RecordedAction[] {
  const actions = new Map<string, RecordedAction>();
  for (const [field, value] of Object.entries(fields)) {
    const [round, stepId, phase, part] = field.split('|');
    if (!round || !stepId || !phase || (part !== 'start' && part !== 'outcome')) continue;
    const key = `${round}|${stepId}|${phase}`;
    const action = actions.get(key) ?? { round: Number(round), stepId, phase, start: {} };
    if (part === 'start') action.start = JSON.parse(value) as Record<string, unknown>;
    else action.outcome = JSON.parse(value) as Record<string, unknown>;
    actions.set(key, action);
  }
  return [...actions.values()].sort(
    (a, b) => a.round - b.round || a.stepId.localeCompare(b.stepId) || a.phase.localeCompare(b.phase),
  );
}

/** Posted messages of the outbox's records (pending marks, stream states and the status line are not messages). */
export function slackMessagesOf(fields: Record<string, string>): RecordedSlackMessage[] {
  return Object.entries(fields)
    .filter(([key]) => isMessageField(key))
    .map(([key, raw]) => {
      const record = JSON.parse(raw) as { channel: string; ts: string };
      return {
        key,
        channel: record.channel,
        ts: record.ts,
        permalink: slackPermalink(record.channel, record.ts),
      };
    })
    .sort((a, b) => a.ts.localeCompare(b.ts) || a.key.localeCompare(b.key));
}

export async function dumpIncident(redis: Redis, keys: Keys, id: string): Promise<IncidentDump> {
  const [approvals, outputs, stages, steps, alerts, slack] = await Promise.all([
    redis.hget(keys.approvals(id), 'doc'),
    redis.hgetall(keys.outputs(id)),
    redis.hgetall(keys.stages(id)),
    redis.hgetall(keys.stepRecords(id)),
    redis.hgetall(keys.incidentAlerts(id)),
    redis.hgetall(keys.slackMessages(id)),
  ]);
  return {
    decisions: approvals ? ApprovalBook.parse(JSON.parse(approvals)) : emptyBook(),
    outputs: Object.fromEntries(Object.entries(outputs).map(([key, raw]) => [key, JSON.parse(raw)])),
    runs: Object.values(stages)
      .map((raw) => StageRun.parse(JSON.parse(raw)))
      .sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key)),
    actions: pairStepRecords(steps),
    alerts,
    slack: slackMessagesOf(slack),
  };
}
