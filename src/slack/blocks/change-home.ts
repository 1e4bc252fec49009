import { ROLLOUT_STATUS_ICON, type RolloutStatus } from '../../domain/rollout/rollout.js';
import { header, listBlocks } from './kit.js';
import type { KnownBlock } from './slack-types.js';
import { escapeAndTruncate, threadLink } from './text.js';

/** A change under way as App Home lists it. */
export interface HomeChange {
  id: string;
  service: string;
  version: string;
  status: RolloutStatus;
  /** The phase acting or baking, 1-based; 0 before the first. */
  phase: number;
  /** How many phases its plan has; 0 while pre-flight is still making it. */
  phases: number;
  threadUrl?: string;
}

const MAX_HOME_CHANGES = 15;

function phaseText(change: HomeChange): string {
  if (change.phases === 0) return 'no plan yet';
  if (change.phase === 0) return `${change.phases} phase(s), not started`;
  return `phase ${change.phase}/${change.phases}`;
}

function changeLine(change: HomeChange): string {
  return [
    `• ${ROLLOUT_STATUS_ICON[change.status]} ${threadLink(change.threadUrl, change.id)}`,
    `\`${escapeAndTruncate(change.service, 80)}\` ${escapeAndTruncate(change.version, 64)}`,
    phaseText(change),
    change.status,
  ].join(' · ');
}

/** App Home's list of changes under way (none: no section); `/change list` has every change. */
export function changeHomeBlocks(changes: readonly HomeChange[]): KnownBlock[] {
  if (changes.length === 0) return [];
  return [
    header(`Changes under way (${changes.length})`),
    ...listBlocks('', changes.map(changeLine), {
      maxItems: MAX_HOME_CHANGES,
      itemMax: 400,
      maxBlocks: 2,
      noun: 'more changes: `/change list`',
    }),
  ];
}
