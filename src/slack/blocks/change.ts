import { ROLLOUT_STATUS_ICON, type RolloutStatus } from '../../domain/rollout/rollout.js';
import { CHANGE_RESUME, CHANGE_ROLLBACK } from '../action-ids.js';
import { actions, button, context, fallbackText, packLines, section } from './kit.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { escapeAndTruncate, mention, oneLine, slackDate } from './text.js';

/** A change (a rollout) as its card and thread show it. */
export interface ChangeView {
  id: string;
  status: RolloutStatus;
  service: string;
  version: string;
  previousVersion?: string;
  requestedBy: string;
  bakeSeconds: number;
  /** Instances (or, by `percent`, the share) running the new version after each phase. */
  phaseSizes: readonly number[];
  unit?: 'instance' | 'percent' | 'step';
  instances?: number;
  switched: number;
  reason?: string;
  log: ReadonlyArray<{ at: string; text: string }>;
}

/** Escaped, except the mentions Warroom itself wrote (`<@U…>`) and its own code spans. */
function logText(text: string, max: number): string {
  return escapeAndTruncate(oneLine(text), max).replace(/&lt;@([UW][A-Z0-9]{2,})&gt;/g, '<@$1>');
}

const who = (requestedBy: string) =>
  requestedBy === 'api' ? 'a pipeline (`POST /api/changes`)' : mention(requestedBy);

/** The change's root message: `CHG-0003 · rolling-out`, what rolls out where, and why it stopped if it did. */
export function changeCardMessage(view: ChangeView): SlackMessage {
  const from = view.previousVersion ? `${escapeAndTruncate(view.previousVersion, 64)} → ` : '';
  const phases =
    view.phaseSizes.length === 0
      ? 'no plan yet'
      : view.unit === 'percent' || view.unit === 'step'
        ? `phases ${view.phaseSizes.map((size) => `${size} %`).join(', ')}`
        : `phases ${view.phaseSizes.join(', ')} of ${view.instances ?? '?'} instance(s)`;
  const blocks: KnownBlock[] = [
    section(`${ROLLOUT_STATUS_ICON[view.status]} *${escapeAndTruncate(view.id, 20)} · ${view.status}*`),
    section(
      `*Rollout* of \`${escapeAndTruncate(view.service, 100)}\` ${from}*${escapeAndTruncate(view.version, 64)}* · ${phases} · bake ${view.bakeSeconds} s · asked by ${who(view.requestedBy)}`,
    ),
  ];
  if (view.reason) blocks.push(section(`*Why:* ${logText(view.reason, 2500)}`));
  if (view.status === 'halted')
    blocks.push(
      actions(`change_halted_${view.id}`, [
        button({ text: 'Resume', actionId: CHANGE_RESUME, value: view.id, style: 'primary' }),
        button({ text: 'Roll back', actionId: CHANGE_ROLLBACK, value: view.id, style: 'danger' }),
      ]),
    );
  const progress =
    view.unit === 'percent' || view.unit === 'step'
      ? `${view.switched} of ${view.phaseSizes.length} phase(s) switched to ${escapeAndTruncate(view.version, 64)}`
      : `${view.switched} of ${view.instances ?? '?'} instance(s) on ${escapeAndTruncate(view.version, 64)}`;
  blocks.push(context([`${progress} · the thread has every phase and gate · \`/change list\``]));
  const why = view.reason ? `: ${oneLine(view.reason).slice(0, 300)}` : '';
  return {
    text: fallbackText(`${view.id} · ${view.status} — ${view.service} ${view.version}${why}`),
    blocks,
  };
}

/** The thread's record of every phase, gate and rollback, one line each, updated in place. */
export function changeLogMessage(view: ChangeView): SlackMessage {
  const lines = view.log.map((line) => `${slackDate(line.at, '{time_secs}')} ${logText(line.text, 900)}`);
  return {
    text: fallbackText(`${view.id} log: ${view.log.at(-1)?.text ?? 'nothing yet'}`.slice(0, 3000)),
    blocks: [
      section(`*${escapeAndTruncate(view.id, 20)} · what happened*`),
      ...packLines(lines, 40, 'more lines'),
    ],
  };
}
