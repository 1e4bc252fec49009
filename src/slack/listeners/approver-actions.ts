import type { ButtonAction } from '@slack/bolt';
import { IncidentId } from '../../domain/incident-id.js';
import { PermanentError } from '../../errors.js';
import { reopenFalsePositive, setKillSwitch, tickManualStep } from '../../pipeline/hitl/manual-actions.js';
import type { ButtonArgs, Handler, ListenerDeps } from './handler-types.js';
import { incidentClick } from './incident-click.js';

/**
 * A button beside the decision ones that changes an incident. Approvers only (the pipeline checks
 * it); anyone else, and anything that fails, gets a private answer with a reference.
 */
const approverButton: (
  handle: (deps: ListenerDeps, action: ButtonAction, user: string) => Promise<string | undefined>,
  incidentOf: (action: ButtonAction) => string | undefined,
) => Handler<ButtonArgs> = incidentClick;

const checklistRef = (action: ButtonAction) => {
  const [incidentId, actionId] = (action.value ?? '').split(':');
  const id = IncidentId.safeParse(incidentId);
  return id.success && actionId ? { incidentId: id.data, actionId } : undefined;
};

/** A manual step's Done on the checklist. */
export const manualStepDone = approverButton(
  async ({ ctx }, action, user) => {
    const ref = checklistRef(action);
    if (!ref)
      throw new PermanentError('invalid_input', 'This button does not belong to a Warroom checklist.', {
        httpStatus: 400,
      });
    await tickManualStep(ctx, ref.incidentId, ref.actionId, user);
    return undefined;
  },
  (action) => checklistRef(action)?.incidentId,
);

/** Reopen on an incident closed as a false positive. */
export const reopen = approverButton(
  async ({ ctx }, action, user) => {
    const id = IncidentId.safeParse(action.value);
    if (!id.success)
      throw new PermanentError('invalid_input', 'This button does not belong to a Warroom incident.', {
        httpStatus: 400,
      });
    await reopenFalsePositive(ctx, id.data, user);
    return `${id.data} is reopened: the crew is diagnosing it in full.`;
  },
  (action) => (IncidentId.safeParse(action.value).success ? action.value : undefined),
);

/** App Home's kill switch. */
export const killSwitchToggle = approverButton(
  async ({ ctx }, action, user) => {
    if (action.value !== 'on' && action.value !== 'off')
      throw new PermanentError('invalid_input', 'The kill switch button says neither on nor off.', {
        httpStatus: 400,
      });
    await setKillSwitch(ctx, action.value === 'on', user);
    await ctx.queues.requestHomeRefresh(user);
    return undefined;
  },
  () => undefined,
);
