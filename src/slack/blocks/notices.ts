import { type Status, statusLabel } from '../../domain/status.js';
import { context, fallbackText, listBlocks, section } from './kit.js';
import { STAGE_STATE_EMOJI, STATUS_EMOJI } from './labels.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { elapsedMs, escapeAndTruncate, formatDuration, oneLine } from './text.js';

/** A link Slack can render: http(s) and nothing that would break `<url|label>`. */
export function link(url: string | undefined, label: string): string {
  const safeLabel = escapeAndTruncate(oneLine(label), 80);
  if (!url || !/^https?:\/\/[^\s|<>]+$/.test(url) || url.length > 2000) return `*${safeLabel}*`;
  return `<${url}|${safeLabel}>`;
}

export interface DuplicateNoticeView {
  id: string;
  parent: string;
  parentPermalink?: string;
  /** Why it matched, e.g. "same fingerprint as an open incident". */
  reason?: string;
}

export function duplicateNotice(view: DuplicateNoticeView): SlackMessage {
  const parent = link(view.parentPermalink, view.parent);
  const blocks: KnownBlock[] = [
    section(
      `🔁 Duplicate of ${parent}: ${escapeAndTruncate(view.id, 40)} is closed and updates continue there.` +
        (view.reason ? `\n_${escapeAndTruncate(oneLine(view.reason), 500)}_` : ''),
    ),
  ];
  return { text: fallbackText(`Duplicate of ${oneLine(view.parent)} (${oneLine(view.id)} closed)`), blocks };
}

export interface ResolutionView {
  id: string;
  status: Status;
  resolution: string;
  openedAt: string;
  now: string;
  steps?: ReadonlyArray<{ description: string; outcome: 'done' | 'failed' | 'skipped' }>;
  /** What verification observed, e.g. "error rate back under 0.1 % for 5 m". */
  verified?: string;
}

export function resolutionNotice(view: ResolutionView): SlackMessage {
  const open = elapsedMs(view.openedAt, view.now);
  const took = open === undefined ? '' : ` after ${formatDuration(open)}`;
  const headline = `${view.id} · ${statusLabel(view.status)}${took}`;
  const blocks: KnownBlock[] = [
    section(
      `${STATUS_EMOJI[view.status]} *${escapeAndTruncate(headline, 200)}*\n${escapeAndTruncate(view.resolution, 2500)}`,
    ),
  ];
  const steps = (view.steps ?? []).map(
    (step) => `${STAGE_STATE_EMOJI[step.outcome]} ${escapeAndTruncate(oneLine(step.description), 300)}`,
  );
  if (steps.length > 0) {
    blocks.push(
      ...listBlocks('*What was done*', steps, {
        maxItems: 20,
        itemMax: 320,
        maxBlocks: 4,
        noun: 'more steps',
      }),
    );
  }
  if (view.verified) blocks.push(context([`🔎 Verified: ${escapeAndTruncate(oneLine(view.verified), 500)}`]));
  return { text: fallbackText(`${headline} — ${escapeAndTruncate(oneLine(view.resolution), 2000)}`), blocks };
}

export interface ErrorNoticeView {
  /** The id to grep the logs for. */
  ref: string;
  /** False when part of the work may already have happened. */
  nothingChanged?: boolean;
  detail?: string;
}

/** The ephemeral a user sees when their command or click failed. */
export function errorNotice(view: ErrorNoticeView): SlackMessage {
  const ref = escapeAndTruncate(oneLine(view.ref), 80);
  const outcome =
    view.nothingChanged === false
      ? 'Part of it may already have happened: check the incident thread.'
      : 'Nothing was changed.';
  const sentence = `Something went wrong (ref ${ref}). ${outcome}`;
  const blocks: KnownBlock[] = [section(`⚠️ ${sentence}`)];
  if (view.detail) blocks.push(section(escapeAndTruncate(view.detail, 2000)));
  blocks.push(context([`Quote \`${ref}\` when you ask for help: it finds this in the logs.`]));
  return { text: fallbackText(sentence), blocks };
}
