import { FAULT_CATALOG } from '../../domain/faults.js';
import { ACTION_KINDS, RUNBOOK } from '../../domain/runbook.js';
import type { PlanInput } from '../schemas.js';
import { serviceLine } from './context-lines.js';
import { stageHeader } from './stage-header.js';
import { systemInstruction } from './system.js';
import type { StagePrompt } from './types.js';

const PLAN_ROLE = [
  'Your role now: remediation planning. Propose the runbook actions that fix the diagnosed fault,',
  'in the order to try them. A safety guard checks every action and a human approves the plan:',
  'propose only runbook action kinds, never shell commands, and always say how to roll back.',
].join('\n');

function runbookLines(): string {
  return ACTION_KINDS.map((kind) => {
    const entry = RUNBOOK[kind];
    return `- ${kind}: ${entry.title}; risk ${entry.risk}; blast radius: ${entry.blastRadius}; rollback: ${entry.rollback}`;
  }).join('\n');
}

function recommended(input: PlanInput): string {
  if (input.rca.fault === 'unknown') return 'No known fault: a manual investigation step for the owner.';
  const order = FAULT_CATALOG[input.rca.fault].remediation.join(', then ');
  return `The runbook for ${input.rca.fault} tries: ${order}.`;
}

function revisionLines(input: PlanInput): string[] {
  const lines: string[] = [];
  if (input.history && input.history.length > 0) {
    lines.push('', 'What people decided on this fault before (prefer what they approved and what worked):');
    lines.push(...input.history.map((line) => `- ${line}`));
  }
  if (input.previous && input.previous.length > 0) {
    lines.push('', 'The previous plan, which a human sent back:');
    lines.push(
      ...input.previous.map((action) => `- ${action.kind} on ${action.target}: ${action.description}`),
    );
  }
  if (input.feedback) {
    lines.push('', `The human's requested changes (follow them; never plan an action they ruled out):`);
    lines.push(JSON.stringify(input.feedback));
  }
  return lines;
}

export function planPrompt(input: PlanInput): StagePrompt {
  const { rca } = input;
  const user = [
    stageHeader('plan', input.incidentId),
    '',
    `Diagnosis: ${rca.fault} on ${rca.rootService} (confidence ${rca.confidence}): ${rca.summary}`,
    `Evidence: ${rca.evidence.length > 0 ? rca.evidence.join(' | ') : 'none'}`,
    `Reported service: ${serviceLine(input.service)}`,
    '',
    'Runbook action kinds:',
    runbookLines(),
    '',
    recommended(input),
    ...revisionLines(input),
    '',
    'Task:',
    `- actions: at most 10, in order; target is the service acted on (usually ${rca.rootService});`,
    '  id "a1", "a2", …; risk, blastRadius and rollback as the runbook gives them; description says',
    '  what is done and where, e.g. canary instance first for per-instance actions.',
    '- Use "manual" when no runbook action fits, describing what the owner should check.',
    '- summary: one sentence naming the steps.',
  ].join('\n');
  return { system: systemInstruction(PLAN_ROLE), user };
}
