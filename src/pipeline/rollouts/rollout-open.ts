import type { Rollout } from '../../domain/rollout/rollout.js';
import { type RolloutRequest, sameRolloutKey } from '../../domain/rollout/rollout-request.js';
import type { PipelineContext } from '../context.js';
import { requestChangeSync } from './rollout-sync-request.js';

export type OpenedChange = { ok: true; rollout: Rollout; created: boolean } | { ok: false; problem: string };

/**
 * Opens a change for a rollout and queues its pre-flight (the web role does no slow work). Refused
 * at once, with nothing stored: an unknown service, or no incident channel to hold its card.
 * `requestKey` names the request (a Slack trigger, a pipeline's id); without one,
 * `sameRequestSeconds` makes the same rollout asked again within that time the same change.
 */
export async function openRolloutChange(
  ctx: PipelineContext,
  request: RolloutRequest,
  by: {
    requestedBy: string;
    source: 'slack' | 'api';
    channel?: string;
    requestKey?: string;
    sameRequestSeconds?: number;
  },
): Promise<OpenedChange> {
  const service = ctx.catalog?.find(request.service);
  if (service === undefined)
    return {
      ok: false,
      problem: `\`${request.service}\` is not a service of the catalog (WARROOM_CATALOG).`,
    };
  if (!ctx.settings.incidentChannel)
    return {
      ok: false,
      problem: 'A change posts its card in the incident channel, and none is set (SLACK_INCIDENT_CHANNEL).',
    };
  const bySameRequest = by.requestKey === undefined && by.sameRequestSeconds !== undefined;
  const requestKey = bySameRequest ? sameRolloutKey(service.name, request) : by.requestKey;
  const { rollout, created } = await ctx.rollouts.open(
    {
      service: service.name,
      version: request.version,
      ...(request.previousVersion ? { previousVersion: request.previousVersion } : {}),
      phasesPct: request.phases,
      bakeSeconds: request.bakeSeconds,
      requestedBy: by.requestedBy,
      source: by.source,
      ...(by.channel ? { channel: by.channel } : {}),
      createdAt: ctx.now().toISOString(),
      status: 'preflight',
    },
    requestKey,
    bySameRequest ? by.sameRequestSeconds : undefined,
  );
  if (created) {
    await requestChangeSync(ctx, rollout.id);
    await ctx.queues.add('change-preflight', { changeId: rollout.id });
  }
  return { ok: true, rollout, created };
}
