import { parseIncidentId } from '../../domain/incident-id.js';
import { ROLE_NAMES, type RoleName } from '../../domain/incident-room.js';
import { SEVERITIES, type Severity } from '../../domain/severity.js';
import { parseSilenceDuration } from '../../domain/silence.js';
import { STATUSES, type Status } from '../../domain/status.js';

export type IncidentCommand =
  | { kind: 'help'; problem?: string }
  | { kind: 'list'; status?: Status }
  | { kind: 'show'; id: string }
  | { kind: 'resolve'; id: string; note?: string }
  | { kind: 'kill-switch'; on: boolean }
  | { kind: 'stats'; window?: string }
  | { kind: 'declare'; system: string; issue: string; sev?: Severity }
  | { kind: 'postmortem'; id: string }
  | { kind: 'simulate'; start: boolean }
  | { kind: 'services' }
  | { kind: 'role'; role: RoleName; user: string; id?: string }
  | { kind: 'silence'; target: string; seconds: number; duration: string; reason?: string }
  | { kind: 'silences' }
  | { kind: 'unsilence'; target: string };

/**
 * Who may run each subcommand. Changing an incident's course (closing it, flipping the kill
 * switch, rehearsing faults) needs an approver; declaring stays open to everyone, as raising the
 * alarm must be (rate-limited per person instead).
 */
export const INCIDENT_SUBCOMMAND_ACCESS = {
  help: 'anyone',
  list: 'anyone',
  show: 'anyone',
  stats: 'anyone',
  postmortem: 'anyone',
  services: 'anyone',
  declare: 'anyone',
  // A role grants nothing: naming who leads or writes is open to everyone in the room.
  role: 'anyone',
  resolve: 'approvers',
  'kill-switch': 'approvers',
  simulate: 'approvers',
  silence: 'approvers',
  silences: 'anyone',
  unsilence: 'approvers',
} as const satisfies Record<IncidentCommand['kind'], 'anyone' | 'approvers'>;

function statusFrom(word: string): Status | undefined {
  const wanted = word.toLowerCase().replaceAll('-', '_');
  return STATUSES.find((status) => status.toLowerCase() === wanted);
}

/** `/incident <subcommand> …`, parsed; anything it cannot run becomes the help with the reason. */
export function parseIncidentCommand(text: string): IncidentCommand {
  const [rawSub, ...args] = text.trim().split(/\s+/).filter(Boolean);
  const sub = rawSub?.toLowerCase();
  if (!sub || sub === 'help') return { kind: 'help' };
  switch (sub) {
    case 'list': {
      if (args.length === 0) return { kind: 'list' };
      const status = statusFrom(args[0] ?? '');
      if (!status || args.length > 1) {
        return {
          kind: 'help',
          problem: `Unknown status \`${args.join(' ')}\`. Statuses: ${STATUSES.join(', ')}.`,
        };
      }
      return { kind: 'list', status };
    }
    case 'stats': {
      if (args.length > 1)
        return { kind: 'help', problem: '`stats` takes at most a window, e.g. `24h` or `7d`.' };
      return args[0] ? { kind: 'stats', window: args[0].toLowerCase() } : { kind: 'stats' };
    }
    case 'declare': {
      const [system, ...rest] = args;
      const last = rest.at(-1)?.toLowerCase();
      const sev = (SEVERITIES as readonly string[]).includes(last ?? '') ? (last as Severity) : undefined;
      const issue = (sev ? rest.slice(0, -1) : rest).join(' ').trim();
      if (!system || !issue) {
        return {
          kind: 'help',
          problem:
            '`declare` needs a system and an issue, e.g. `/incident declare checkout payments failing sev1`.',
        };
      }
      return { kind: 'declare', system, issue, ...(sev ? { sev } : {}) };
    }
    case 'postmortem':
    case 'show':
    case 'resolve': {
      const id = args[0] ? parseIncidentId(args[0]) : undefined;
      if (!id)
        return {
          kind: 'help',
          problem: `\`${sub}\` needs an incident id, e.g. \`/incident ${sub} INC-0007\`.`,
        };
      if (sub === 'show' || sub === 'postmortem') {
        return args.length > 1
          ? { kind: 'help', problem: `\`${sub}\` takes one incident id.` }
          : { kind: sub, id };
      }
      const note = args.slice(1).join(' ').trim();
      return { kind: 'resolve', id, ...(note ? { note } : {}) };
    }
    case 'services':
      return args.length > 0
        ? { kind: 'help', problem: '`services` takes no argument.' }
        : { kind: 'services' };
    case 'silence': {
      const [target, duration, ...rest] = args;
      const seconds = duration ? parseSilenceDuration(duration) : undefined;
      if (!target || !duration || seconds === undefined || target.length > 200) {
        return {
          kind: 'help',
          problem:
            '`silence` needs a service or alert name and a duration up to 7d, e.g. `/incident silence payments 2h deploy in progress`.',
        };
      }
      const reason = rest.join(' ').trim().slice(0, 500);
      return {
        kind: 'silence',
        target,
        seconds,
        duration: duration.toLowerCase(),
        ...(reason ? { reason } : {}),
      };
    }
    case 'silences':
      return args.length > 0
        ? { kind: 'help', problem: '`silences` takes no argument.' }
        : { kind: 'silences' };
    case 'unsilence': {
      const [target, ...extra] = args;
      if (!target || extra.length > 0 || target.length > 200) {
        return {
          kind: 'help',
          problem:
            '`unsilence` needs one silence id, service or alert name, e.g. `/incident unsilence SIL-0001` (`/incident silences` lists them).',
        };
      }
      return { kind: 'unsilence', target };
    }
    case 'simulate': {
      const state = args[0]?.toLowerCase();
      if ((state !== 'start' && state !== 'stop') || args.length > 1) {
        return { kind: 'help', problem: '`simulate` takes `start` or `stop`.' };
      }
      return { kind: 'simulate', start: state === 'start' };
    }
    case 'kill-switch': {
      const state = args[0]?.toLowerCase();
      if ((state !== 'on' && state !== 'off') || args.length > 1) {
        return { kind: 'help', problem: '`kill-switch` takes `on` or `off`.' };
      }
      return { kind: 'kill-switch', on: state === 'on' };
    }
    case 'role':
      return parseRole(text.trim().slice(rawSub?.length ?? 0));
    default:
      return { kind: 'help', problem: `Unknown subcommand \`${sub}\`.` };
  }
}

/** `<@U123|name>` (the escaped form Slack sends), `<@U123>` or a bare `U123`. */
const MENTION = /^(?:<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|([UW][A-Z0-9]+))$/;
const ROLE_USAGE =
  "`role` needs a role and a person, e.g. `/incident role lead @alice` in the incident's channel, or `/incident role lead @alice INC-0007` elsewhere. Roles: lead, comms, scribe.";

/** `role lead|comms|scribe @user [INC-0007]`. */
function parseRole(rest: string): IncidentCommand {
  // A mention's name part may hold spaces: take the mention whole before splitting the rest.
  const words = rest.match(/<@[^>]*>|\S+/g) ?? [];
  const [roleWord, who, idWord, ...extra] = words;
  const role = ROLE_NAMES.find((name) => name === roleWord?.toLowerCase());
  const match = who ? MENTION.exec(who) : null;
  const user = match?.[1] ?? match?.[2];
  const id = idWord ? parseIncidentId(idWord) : undefined;
  if (!role || !user || (idWord && !id) || extra.length > 0) return { kind: 'help', problem: ROLE_USAGE };
  return { kind: 'role', role, user, ...(id ? { id } : {}) };
}
