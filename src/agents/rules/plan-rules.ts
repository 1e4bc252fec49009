import { FAULT_CATALOG } from '../../domain/faults.js';
import { type ActionKind, RUNBOOK } from '../../domain/runbook.js';
import type { PlannedAction } from '../../domain/ticket.js';
import type { PlanInput, PlanOutput } from '../schemas.js';
import { clip } from './evidence.js';
import { vetoedActions } from './feedback.js';

interface Target {
  name: string;
  instances: number;
  owner: string;
}

function targetOf(input: PlanInput): Target {
  const name = input.rca.rootService;
  if (input.target?.known && input.target.name === name) {
    return { name, instances: input.target.instances, owner: input.target.owner ?? 'the on-call' };
  }
  const same = input.service.name === name;
  return {
    name,
    instances: same ? input.service.instances : 1,
    owner: (same && input.service.owner) || 'the on-call',
  };
}

function describe(kind: ActionKind, target: Target, manualReason: string): string {
  const entry = RUNBOOK[kind];
  if (kind === 'manual')
    return clip(`${manualReason}; ${target.owner} to choose the remedy for ${target.name}`, 500);
  if (!entry.perInstance || target.instances < 2) return `${entry.title} on ${target.name}`;
  const rest = target.instances - 1;
  return `${entry.title} on ${target.name}: canary ${target.name}-0 first, then the other ${rest} instance(s)`;
}

function action(index: number, kind: ActionKind, target: Target, manualReason: string): PlannedAction {
  const entry = RUNBOOK[kind];
  return {
    id: `a${index + 1}`,
    kind,
    target: target.name,
    description: describe(kind, target, manualReason),
    risk: entry.risk,
    blastRadius: entry.blastRadius,
    rollback: entry.rollback,
  };
}

function feedbackNote(
  runbook: readonly ActionKind[],
  vetoed: readonly ActionKind[],
  kept: readonly ActionKind[],
) {
  const dropped = runbook.filter((kind) => vetoed.includes(kind));
  if (vetoed.length === 0) return '';
  if (dropped.length === 0) return ` Feedback noted: ${vetoed.join(', ')} was not planned anyway.`;
  const next = kept[0]
    ? `next runbook option ${kept[0]} leads`
    : 'no runbook option left, manual step instead';
  return ` Feedback applied: dropped ${dropped.join(', ')}; ${next}.`;
}

/** The fault's runbook, in order, minus what feedback ruled out; a manual step when nothing is left. */
export function planByRules(input: PlanInput): PlanOutput {
  const target = targetOf(input);
  const { fault } = input.rca;
  if (fault === 'unknown') {
    const reason = `Investigate ${target.name}: the symptoms match no known fault`;
    return {
      summary: clip(`${reason}; hand over to ${target.owner}.`, 500),
      actions: [action(0, 'manual', target, reason)],
    };
  }
  const info = FAULT_CATALOG[fault];
  const vetoed = input.feedback ? vetoedActions(input.feedback) : [];
  const kept = info.remediation.filter((kind) => !vetoed.includes(kind));
  const kinds: ActionKind[] = kept.length > 0 ? kept : ['manual'];
  const reason = `${info.title} on ${target.name}: ${vetoed.join(', ')} ruled out by feedback`;
  const actions = kinds.map((kind, index) => action(index, kind, target, reason));
  const steps = kinds.map((kind) => RUNBOOK[kind].title.toLowerCase()).join(', then ');
  const summary = `${info.title} on ${target.name}: ${steps}.${feedbackNote(info.remediation, vetoed, kept)}`;
  return { summary: clip(summary, 500), actions };
}
