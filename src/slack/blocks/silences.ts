import { context, fallbackText, listBlocks, section } from './kit.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { escapeAndTruncate, mention, oneLine, relativeAge, slackDate } from './text.js';

/** One active silence as `/incident silences` and App Home show it. */
export interface SilenceView {
  id: string;
  target: string;
  by: string;
  until: string;
  reason?: string;
  held: { count: number; last?: { system: string; issue: string; at: string } };
}

const MAX_SHOWN = 20;

export function silenceLine(silence: SilenceView, now: string): string {
  const reason = silence.reason ? ` — ${escapeAndTruncate(oneLine(silence.reason), 200)}` : '';
  const held =
    silence.held.count === 0
      ? 'no alert held yet'
      : `${silence.held.count} alert${silence.held.count === 1 ? '' : 's'} held, the last ${relativeAge(silence.held.last?.at ?? now, now)}: ${escapeAndTruncate(oneLine(silence.held.last?.issue ?? ''), 120)}`;
  return `🔕 *${escapeAndTruncate(silence.id, 20)}* \`${escapeAndTruncate(oneLine(silence.target), 100)}\` until ${slackDate(silence.until)} by ${mention(silence.by)}${reason}\n_${held}_`;
}

/** App Home's silences section (nothing when none is active). */
export function homeSilenceBlocks(silences: readonly SilenceView[], now: string): KnownBlock[] {
  if (silences.length === 0) return [];
  return listBlocks(
    '*Silences* (end one early: `/incident unsilence <id>`)',
    silences.map((silence) => silenceLine(silence, now)),
    { maxItems: 10, itemMax: 600, maxBlocks: 3, noun: 'more silences' },
  );
}

/** `/incident silences`. */
export function silencesMessage(silences: readonly SilenceView[], now: string): SlackMessage {
  if (silences.length === 0) {
    return {
      text: 'No active silence.',
      blocks: [
        section(
          'No active silence. Add one with `/incident silence <service|alertname> <duration> [reason]`.',
        ),
      ],
    };
  }
  const blocks: KnownBlock[] = [
    ...listBlocks(
      `*${silences.length} active silence${silences.length === 1 ? '' : 's'}*`,
      silences.slice(0, MAX_SHOWN).map((silence) => silenceLine(silence, now)),
      { maxItems: MAX_SHOWN, itemMax: 600, maxBlocks: 10, noun: 'more silences' },
    ),
    context([
      `Matching alerts are recorded but open no incident until the silence ends; a sev1 still gets a card marked silenced. End one early with \`/incident unsilence ${escapeAndTruncate(silences[0]?.id ?? 'SIL-0001', 20)}\` (its id, service or alert name; approvers).`,
    ]),
  ];
  return { text: fallbackText(`${silences.length} active silence(s)`), blocks };
}

/** The channel's note when a silence starts. */
export function silenceAddedText(silence: Omit<SilenceView, 'held'> & { duration: string }): string {
  const reason = silence.reason ? `: ${escapeAndTruncate(oneLine(silence.reason), 300)}` : '';
  return `🔕 ${escapeAndTruncate(silence.id, 20)}: ${mention(silence.by)} silenced \`${escapeAndTruncate(oneLine(silence.target), 100)}\` for ${escapeAndTruncate(silence.duration, 20)}${reason}. Its alerts are recorded but open no incident until ${slackDate(silence.until)}; a sev1 still gets a card marked silenced. \`/incident silences\` lists them.`;
}

/** The channel's note when `/incident unsilence` ends silences early. */
export function silenceEndedText(ended: readonly Omit<SilenceView, 'held'>[], by: string): string {
  const which = ended
    .slice(0, 10)
    .map(
      (silence) =>
        `${escapeAndTruncate(silence.id, 20)} on \`${escapeAndTruncate(oneLine(silence.target), 100)}\``,
    )
    .join(', ');
  const more = ended.length > 10 ? ` and ${ended.length - 10} more` : '';
  return `🔔 ${mention(by)} ended ${which}${more} early: matching alerts open incidents again.`;
}

/** `/incident unsilence` named nothing active. */
export function noSilenceMatchesText(target: string): string {
  return `No active silence matches \`${escapeAndTruncate(oneLine(target), 100)}\`: \`/incident silences\` lists them with their ids. Nothing was changed.`;
}
