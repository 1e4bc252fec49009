/**
 * `find` runs commands on paths the command line does not spell out. These are the commands it runs,
 * on the paths it would reach: `find / -exec rm -rf {} +` runs `rm -r -rf /*`, `find /tmp -delete` is
 * `rm -r /tmp/*`.
 */

/** Actions of find that run a command on what it found. */
const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);
const FIND_EXEC_END = new Set([';', '+', '\\;']);

/** The commands a `find` in a cleaned command runs, and its `-delete` as an `rm -r`. */
export function findActions(command: string): string[] {
  const words = command.split(' ');
  const at = words.indexOf('find');
  if (at < 0) return [];
  const rest = words.slice(at + 1);
  const roots = findRoots(rest);
  const found = roots.join(' ');
  const actions: string[] = [];
  if (rest.includes('-delete')) actions.push(`rm -r ${found}`);
  let executed: string[] | null = null;
  for (const word of [...rest, ';']) {
    if (executed === null) {
      if (FIND_EXEC.has(word)) executed = [];
    } else if (FIND_EXEC_END.has(word) || FIND_EXEC.has(word)) {
      if (executed.length > 0) actions.push(walkingTree(executed));
      executed = FIND_EXEC.has(word) ? [] : null;
    } else {
      executed.push(word === '{}' ? found : word);
    }
  }
  return actions;
}

/** find walks the whole tree, so `rm` on every file it finds under a root is a recursive delete of it. */
export function walkingTree(command: readonly string[]): string {
  const [program, ...args] = command;
  return program === 'rm' ? ['rm', '-r', ...args].join(' ') : command.join(' ');
}

/**
 * What `find ROOT … -name PATTERN` reaches, as a glob under each root: `/var/log/*.gz`, or `/*` with no
 * name test (and `./*` with no root).
 */
export function findRoots(args: readonly string[]): string[] {
  const end = args.findIndex((arg) => /^[-(!\\]/.test(arg));
  const roots = args.slice(0, end < 0 ? args.length : end);
  const nameTest = args.findIndex((arg) => arg === '-name' || arg === '-iname');
  const pattern = (nameTest >= 0 ? args[nameTest + 1] : undefined) ?? '*';
  return (roots.length > 0 ? roots : ['.']).map((root) => `${root.replace(/\/+$/, '')}/${pattern}`);
}
