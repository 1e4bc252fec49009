/**
 * The key layout before Redis Cluster support (no hash tags) and the way from each of its keys to
 * today's name, derived from the builders in keys.ts: one source of truth. Pure; the migration that
 * applies it at start is key-layout-migration.ts.
 */
import { createKeys, type Keys } from './keys.js';

/** Entries of `Keys` that are no key of their own (the prefix, BullMQ's prefix, readiness probes). */
type NotAKey = 'prefix' | 'queuePrefix' | 'readinessProbes';
export type KeyEntry = Exclude<keyof Keys, NotAKey>;

/**
 * How a key was named in the untagged layout:
 * - `untagged`: today's name with its hash tags removed (`{INC-0007}` → `INC-0007`, `{prefix}:` → ``);
 * - `unchanged`: the same name then and now (it carries no tag);
 * - `new`: it did not exist then, so nothing moves;
 * - a function of the prefix and the builder's arguments: its old name, when more than the tags changed.
 */
type OldName = 'untagged' | 'unchanged' | 'new' | ((prefix: string, ...args: string[]) => string);

/**
 * Every key of keys.ts, said once more for the migration: a key added there without a line here
 * fails to compile (and test/unit/store/key-layout.test.ts), so the migration always knows it.
 */
export const OLD_LAYOUT = {
  incidentSequence: 'untagged',
  ticket: 'untagged',
  timeline: 'untagged',
  stages: 'untagged',
  outputs: 'untagged',
  telemetry: 'untagged',
  approvals: 'untagged',
  manualSteps: 'untagged',
  stepRecords: 'untagged',
  stepApprovals: 'untagged',
  killSwitch: 'untagged',
  chaos: 'untagged',
  homeViewers: 'untagged',
  runbookDryRun: 'unchanged',
  alertBatch: 'unchanged',
  alertIndex: 'untagged',
  incidentAlerts: 'untagged',
  incidentSystems: 'untagged',
  alertLastSeen: 'untagged',
  alertDeliveries: 'untagged',
  ingestHeads: 'new',
  ingestPlacement: 'new',
  ingestPlaced: 'new',
  incidentsOpenedBy: 'untagged',
  alertFloods: 'untagged',
  ingestOpening: 'new',
  earlyResolutions: 'new',
  learning: 'untagged',
  specialistThresholds: 'untagged',
  causeTallies: 'new',
  causeLast: 'new',
  causeVerdicts: 'new',
  slackMessages: 'untagged',
  slackSyncLease: 'untagged',
  revision: 'untagged',
  syncPending: 'untagged',
  allIncidents: 'untagged',
  openIncidents: 'untagged',
  openFingerprints: 'untagged',
  closedIncidents: 'untagged',
  archivedIncidents: 'untagged',
  slackRootIndex: 'untagged',
  channelPostSlot: 'untagged',
  // Per-incident reservations (then `…:incident:ID:slack-slot:CHANNEL`, expiring within seconds)
  // became one queue per channel: nothing to move.
  postQueue: 'new',
  channelUpdateSlot: 'new',
  updateQueue: 'new',
  estate: 'untagged',
  taskPaused: 'new',
  taskState: 'new',
  taskSuspended: 'new',
  taskRuns: 'new',
  taskStepRecords: 'new',
  taskMessages: 'new',
  taskSyncLease: 'new',
  monitorSent: 'new',
  silences: 'new',
  silenceSequence: 'new',
  silenceHeld: 'new',
  changeTimes: 'new',
  changes: 'new',
  changeSequence: 'new',
  rolloutIndex: 'new',
  rolloutRequest: 'new',
  rollout: 'new',
  rolloutStepRecords: 'new',
  rolloutMessages: 'new',
  rolloutSyncLease: 'new',
  pages: 'new',
  keyLayout: 'new',
  keyLayoutLease: 'new',
  idempotency: 'unchanged',
  replaySeen: 'unchanged',
  userRate: 'unchanged',
} satisfies Record<KeyEntry, OldName>;

/** Today's name without its hash tags: the global tag goes with its colon, an incident's keeps its id. */
export function withoutTags(name: string, prefix: string): string {
  return name.replaceAll(`:{${prefix}}:`, ':').replace(/\{([^{}]*)\}/g, '$1');
}

type Builder = string | ((...args: string[]) => string);

/** Stand-ins for a builder's arguments (private-use characters: no key name holds them). */
const PLACEHOLDER = (index: number) => `\uE000${index}\uE001`;
const PLACEHOLDERS = /\uE000(\d+)\uE001/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A template (a name with placeholders) as an anchored pattern: each argument is one segment, never
 * a colon or a brace, so a tagged name never passes for an untagged one.
 */
function patternOf(template: string): RegExp {
  const seen = new Set<string>();
  const source = template
    .split(PLACEHOLDERS)
    .map((part, index) => {
      if (index % 2 === 0) return escapeRegExp(part);
      if (seen.has(part)) throw new Error(`Argument ${part} appears twice in ${template}`);
      seen.add(part);
      return `(?<a${part}>[^:{}]+)`;
    })
    .join('');
  return new RegExp(`^${source}$`);
}

export interface KeyRename {
  entry: KeyEntry;
  /** The other layout's name of `key`, or undefined when `key` is no key of this entry. */
  rename(key: string): string | undefined;
}

function renameBetween(entry: KeyEntry, from: Builder, to: Builder, arity: number): KeyRename {
  const args = Array.from({ length: arity }, (_, index) => PLACEHOLDER(index));
  const fromTemplate = typeof from === 'string' ? from : from(...args);
  const pattern = patternOf(fromTemplate);
  return {
    entry,
    rename(key) {
      const match = pattern.exec(key);
      if (!match) return undefined;
      const values = args.map((_, index) => match.groups?.[`a${index}`] ?? '');
      return typeof to === 'string' ? to : to(...values);
    },
  };
}

/** Both layouts' builders of each key that moved (not the unchanged or new ones). */
function movedKeys(prefix: string): { entry: KeyEntry; old: Builder; current: Builder; arity: number }[] {
  const keys = createKeys(prefix);
  return (Object.keys(OLD_LAYOUT) as KeyEntry[]).flatMap((entry) => {
    // Widened: no entry needs a function today, the next key that moves may.
    const form = OLD_LAYOUT[entry] as OldName;
    if (form === 'unchanged' || form === 'new') return [];
    const current = keys[entry] as unknown as Builder;
    const arity = typeof current === 'string' ? 0 : current.length;
    const old: Builder =
      typeof form === 'function'
        ? (...args: string[]) => form(prefix, ...args)
        : typeof current === 'string'
          ? withoutTags(current, prefix)
          : (...args: string[]) => withoutTags(current(...args), prefix);
    return [{ entry, old, current, arity }];
  });
}

/** Old (untagged) name → today's name, for every key that moved; undefined for any other key. */
export function toCurrentLayout(
  prefix: string,
): (oldKey: string) => { entry: KeyEntry; to: string } | undefined {
  const renames = movedKeys(prefix).map(({ entry, old, current, arity }) =>
    renameBetween(entry, old, current, arity),
  );
  return (oldKey) => firstRename(renames, oldKey);
}

/** Today's name → the untagged one: the inverse, for tests that write an old-layout Redis. */
export function toOldLayout(prefix: string): (key: string) => { entry: KeyEntry; to: string } | undefined {
  const renames = movedKeys(prefix).map(({ entry, old, current, arity }) =>
    renameBetween(entry, current, old, arity),
  );
  return (key) => firstRename(renames, key);
}

function firstRename(renames: readonly KeyRename[], key: string) {
  for (const { entry, rename } of renames) {
    const to = rename(key);
    if (to !== undefined) return { entry, to };
  }
  return undefined;
}
