import { checkApprover } from '../../pipeline/hitl/approver-check.js';
import { approversOnlyText } from '../../pipeline/hitl/approvers.js';
import { incidentApprovers } from '../../pipeline/hitl/incident-approvers.js';
import { checkDryRunRequest, mayActOn, type Runbook } from '../../runbooks/index.js';
import {
  parseRunbookCommand,
  RUNBOOK_USAGE,
  type RunbookView,
  runbookListText,
  runbookShowText,
} from '../commands/runbook-command.js';
import { reportToUser } from '../error-sink.js';
import type { CommandArgs, Handler } from './handler-types.js';
import { commandRequestId } from './request-id.js';

function viewOf(runbook: Runbook): RunbookView {
  return {
    id: runbook.id,
    title: runbook.title,
    ...(runbook.description ? { description: runbook.description } : {}),
    services: runbook.matches.services,
    faults: runbook.matches.faults,
    alerts: runbook.matches.alerts,
    auto: runbook.auto,
    params: [...runbook.params].map(([name, param]) => ({
      name,
      ...(param.from ? { from: param.from } : {}),
      hasDefault: param.spec.default !== undefined,
    })),
    steps: runbook.steps.map((step) => ({
      id: step.id,
      title: step.title,
      executor: step.executor,
      risk: step.risk,
      approval: step.approval,
    })),
  };
}

/** `/runbook`: reads of the loaded runbooks, answered privately at once (no executor is called here). */
export const runbookCommand: Handler<CommandArgs> =
  (deps) =>
  async ({ command, ack, respond }) => {
    const { ctx } = deps;
    const parsed = parseRunbookCommand(command.text ?? '');
    const reply = (text: string) => ack({ response_type: 'ephemeral', text });
    switch (parsed.kind) {
      case 'usage':
        return reply(parsed.problem ? `${parsed.problem}.\n${RUNBOOK_USAGE}` : RUNBOOK_USAGE);
      case 'list': {
        if (parsed.service === undefined) return reply(runbookListText(ctx.runbooks.map(viewOf)));
        const service = ctx.catalog?.find(parsed.service)?.name;
        if (service === undefined) return reply(`\`${parsed.service}\` is not a service of the catalog.`);
        return reply(
          runbookListText(ctx.runbooks.filter((runbook) => mayActOn(runbook, service)).map(viewOf), service),
        );
      }
      case 'show': {
        const runbook = ctx.runbooks.find((candidate) => candidate.id === parsed.id);
        return reply(
          runbook ? runbookShowText(viewOf(runbook)) : `No runbook \`${parsed.id}\`. Try \`/runbook list\`.`,
        );
      }
      case 'dry-run': {
        const checked = checkDryRunRequest(ctx.runbooks, ctx.catalog, parsed);
        if (!checked.ok) return reply(checked.problem);
        const approvers = incidentApprovers(ctx, { rca: null, system: checked.service, recommendations: [] });
        if (!(await checkApprover(ctx, undefined, approvers, command.user_id)).allowed)
          return reply(approversOnlyText(approvers, `dry-run runbooks on ${checked.service}`));
        const requestId = commandRequestId(command.trigger_id);
        await reply(
          `Dry run of \`${checked.runbook.id}\` on \`${checked.service}\` queued (ref ${requestId}): each step's executor shows what it would do, changing nothing. The result follows here, privately.`,
        );
        try {
          await ctx.queues.add('runbook-dry-run', {
            requestId,
            runbookId: checked.runbook.id,
            service: checked.service,
            overrides: Object.fromEntries(parsed.overrides),
            userId: command.user_id,
            channelId: command.channel_id,
          });
        } catch (error) {
          await respond({
            response_type: 'ephemeral',
            text: reportToUser(deps.logger, error, { command: '/runbook', text: command.text }),
          });
        }
        return;
      }
    }
  };
