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
 * - other: anything else, worth a second look when deleted recursively.
 */
export type PathRisk = 'system' | 'data' | 'backup' | 'scratch' | 'other';

const CLIMBS = /(^|\/)\.\.(\/|$)/;
const SCRATCH = /^\/(tmp|var\/tmp)(\/|$)|^\/(var\/cache|var\/log)\/./;
const BACKUP = /backup|snapshot/;
const HOME_OR_CWD = /^(~|~\/|~\/\*|\*|\.|\.\/|\.\/\*|\.\*|\$home|\$\{home\}|\$home\/\*|\$\{home\}\/\*)$/;
const TOP_LEVEL = /^\/[^/]*\/?\*?$/;
const HOMES = /^\/(home|root)(\/|$)/;
const DATA_ROOTS = /^\/(var\/lib|var\/opt|data|srv|mnt|opt\/data)(\/|$)/;
const DATA_STORES =
  /(^|\/)(pgdata|postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|etcd|elasticsearch|kafka|zookeeper|cassandra)(\/|$)/;

export function pathRisk(path: string): PathRisk {
  if (CLIMBS.test(path)) return 'system';
  if (SCRATCH.test(path)) return 'scratch';
  if (BACKUP.test(path)) return 'backup';
  if (HOME_OR_CWD.test(path) || TOP_LEVEL.test(path) || HOMES.test(path)) return 'system';
  if (DATA_ROOTS.test(path) || DATA_STORES.test(path)) return 'data';
  return 'other';
}
