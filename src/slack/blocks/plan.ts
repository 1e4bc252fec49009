import type { PlannedAction } from '../../domain/ticket.js';
import { context, fallbackText, listBlocks, section } from './kit.js';
import { RISK_EMOJI } from './labels.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { highestRisk, stepLines } from './steps.js';
import { escapeAndTruncate, oneLine } from './text.js';

/** The remediation plan the crew proposes; a new round after "Request changes" posts a new one. */
export interface PlanView {
  id: string;
  summary: string;
  actions: readonly PlannedAction[];
  round: number;
}

export function planMessage(view: PlanView): SlackMessage {
  const count = `${view.actions.length} step${view.actions.length === 1 ? '' : 's'}`;
  const blocks: KnownBlock[] = [
    section(
      `📋 *Remediation plan* for ${escapeAndTruncate(view.id, 40)} · round ${view.round}\n` +
        escapeAndTruncate(view.summary, 2000),
    ),
  ];
  if (view.actions.length > 0) {
    blocks.push(
      ...listBlocks('*Steps*', stepLines(view.actions), {
        maxItems: 20,
        itemMax: 900,
        maxBlocks: 8,
        noun: 'more steps',
      }),
    );
  } else {
    blocks.push(section('_No automated steps: a human has to act._'));
  }
  const worst = highestRisk(view.actions);
  const riskNote = worst ? `Highest risk: ${RISK_EMOJI[worst]} ${worst}` : 'No risk assessed';
  blocks.push(context([`${count} · ${riskNote}`]));
  const text = `${view.id} plan (round ${view.round}): ${count} — ${oneLine(view.summary)}`;
  return { text: fallbackText(escapeAndTruncate(text, 3000)), blocks };
}
