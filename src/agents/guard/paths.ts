import { UNSEEN } from './unseen.js';

/** One run of a program within a command: its flags (short ones split into letters) and its operands. */
export interface Invocation {
  flags: ReadonlySet<string>;
  operands: readonly string[];
}

/**
 * Every run of `program` in a cleaned command, wherever it appears: after wrappers the guard does not
 * know (`docker exec db rm -rf /data`), after `xargs`, or in prose. Operands run to the next run of the
 * same program or the end, which keeps the scan linear.
 */
export function invocationsOf(command: string, program: string): Invocation[] {
  const words = command.split(' ');
  const starts = words.flatMap((word, index) => (word === program ? [index] : []));
  return starts.map((start, i) => parseArguments(words.slice(start + 1, starts[i + 1] ?? words.length)));
}

function parseArguments(args: readonly string[]): Invocation {
  const flags = new Set<string>();
  const operands: string[] = [];
  let optionsEnded = false;
  for (const arg of args) {
    if (optionsEnded || !arg.startsWith('-') || arg === '-') operands.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg.startsWith('--')) flags.add(arg.split('=')[0] ?? arg);
    else for (const letter of arg.slice(1)) flags.add(letter);
  }
  return { flags, operands };
}

export function isRecursive(invocation: Invocation): boolean {
  return invocation.flags.has('r') || invocation.flags.has('--recursive');
}

/**
 * How bad it is to delete (or re-own) a path:
 * - system: `/`, home, the working directory, any top-level directory, or a path that climbs with `..`;
 * - data: where databases and volumes keep their files;
 * - backup: backups and snapshots, the last line of defence;
 * - scratch: temp, cache and log directories, whose contents regenerate. The free_disk runbook purges
 *   them, so deleting there is allowed: blocking it would block the routine fix for a full disk;
 * - unseen: a target the guard cannot read (what `xargs` or a command substitution supplies);
 * - other: anything else, worth a second look when deleted recursively.
 */
export type PathRisk = 'system' | 'data' | 'backup' | 'scratch' | 'unseen' | 'other';

const CLIMBS = /(^|\/)\.\.(\/|$)/;
/** Temp, cache and log directories, apt's package lists, anyone's `.cache`: what regenerates. */
const SCRATCH =
  /^\/(tmp|var\/tmp)(\/|$)|^\/(var\/cache|var\/log|var\/lib\/apt\/lists)\/.|(^|\/)\.cache\/.|^([a-z]:\/(temp|tmp|windows\/temp)|\$env:te?mp|%te?mp%)\/./;
const BACKUP = /backup|snapshot/;
const HOME_OR_CWD = /^(~|~\/|~\/\*|\*|\.|\.\/|\.\/\*|\.\*|\$home|\$\{home\}|\$home\/\*|\$\{home\}\/\*)$/;
const OTHER_HOME = /^~[a-z_][\w-]{0,31}(\/\*?)?$/;
const TOP_LEVEL = /^\/[^/]*\/?\*?$/;
/** `/etc/nginx`, `/usr/local`, `/var/www`, `/opt/app`: a whole second-level directory. */
const SECOND_LEVEL = /^\/(etc|usr|var|opt|srv|run)\/[^/]+\/?\*?$/;
/** Anything under the directories the host boots and runs from. */
const SYSTEM_TREES =
  /^\/(boot|bin|sbin|lib|lib32|lib64|libx32|dev|proc|sys|usr\/(local\/)?(s?bin|lib\w*|libexec)|etc\/(systemd|ssh|ssl|pam\.d|security|sudoers\.d|default))(\/|$)/;
const WINDOWS_SYSTEM =
  /^([a-z]:\/?\*?$|[a-z]:\/[^/]*\/?\*?$|[a-z]:\/(windows|users|programdata|program)|(\$env:|%)(systemroot|windir|systemdrive|userprofile|programfiles|programdata)|hk(lm|cu|cr|u|ey_[a-z_]+):)/;
const HOMES = /^(\/(home|root)|~|\$home|\$\{home\})(\/|$)/;
const DATA_ROOTS = /^\/(var\/lib|var\/opt|data|srv|mnt|opt\/data)(\/|$)/;
const DATA_STORES =
  /(^|\/)(pgdata|postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|etcd|elasticsearch|kafka|zookeeper|cassandra)(\/|$)/;

/** zsh glob qualifiers: `~/*(D)` is `~/*` with dotfiles. */
const GLOB_QUALIFIER = /\([^/]{0,16}$/;

export function pathRisk(operand: string): PathRisk {
  const path = operand.replace(GLOB_QUALIFIER, '');
  if (CLIMBS.test(path)) return 'system';
  if (path.startsWith(UNSEEN)) return 'unseen';
  if (SCRATCH.test(path)) return 'scratch';
  if (BACKUP.test(path)) return 'backup';
  if (isSystemPath(path)) return 'system';
  if (DATA_ROOTS.test(path) || DATA_STORES.test(path)) return 'data';
  return 'other';
}

function isSystemPath(path: string): boolean {
  return [HOME_OR_CWD, OTHER_HOME, TOP_LEVEL, SECOND_LEVEL, SYSTEM_TREES, WINDOWS_SYSTEM, HOMES].some(
    (shape) => shape.test(path),
  );
}

/** Files the host cannot boot, log in or run without: overwriting or deleting one is never a fix. */
const CRITICAL_FILES =
  /^\/(etc\/(passwd|shadow|group|gshadow|sudoers|fstab|crypttab|inittab|login\.defs|ld\.so\.\w+)|boot\/|s?bin\/|lib(32|64|x32)?\/|usr\/(s?bin|lib\w*|libexec)\/|proc\/(sysrq-trigger|sys\/)|dev\/(sd|hd|vd|xvd|nvme|mmcblk|mem|kmem|port|disk|mapper))|(^|\/)\.ssh\/|^\/etc\/sudoers\.d\//;

export function isCriticalFile(path: string): boolean {
  return CRITICAL_FILES.test(path);
}

/** A critical file, or a file a database keeps its data in: truncating either loses what it holds. */
export function isCriticalOrDataFile(path: string): boolean {
  return CRITICAL_FILES.test(path) || DATA_STORES.test(path);
}
