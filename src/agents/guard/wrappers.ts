/**
 * Programs that run the command given as their arguments, with the (lowercased) short options that take
 * a value, so `sudo -u postgres psql` unwraps to `psql`, not `postgres psql`. Maps, because the program
 * name comes from a plan: on an object literal `constructor` would be found on Object's prototype.
 */
const FLAGS_WITH_VALUE: ReadonlyMap<string, string> = new Map([
  ['sudo', 'cdghprtu'],
  ['doas', 'cu'],
  ['env', 'csu'],
  ['command', ''],
  ['exec', 'a'],
  ['builtin', ''],
  ['eval', ''],
  ['nohup', ''],
  ['time', 'fo'],
  ['nice', 'n'],
  ['ionice', 'cnp'],
  ['stdbuf', 'eio'],
  ['watch', 'n'],
  ['timeout', 'ks'],
  ['ssh', 'bcdefijlmopqrsw'],
  ['busybox', ''],
  ['setsid', ''],
  ['chroot', ''],
  ['runuser', 'gu'],
  ['pkexec', ''],
  ['unbuffer', ''],
  ['flock', 'ew'],
]);
/** Plain arguments before the command: `timeout 30 cmd`, `ssh host cmd`, `chroot /host cmd`. */
const POSITIONALS: ReadonlyMap<string, number> = new Map([
  ['timeout', 1],
  ['ssh', 1],
  ['chroot', 1],
  ['flock', 1],
]);
/** `env A=1 B=2 cmd`. */
const TAKES_ASSIGNMENTS = new Set(['env']);

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash']);
/** `-c`, `-lc`, `-ec`: the shell's script is the next argument. */
const SHELL_SCRIPT_FLAG = /^-[a-z]*c[a-z]*$/;
/**
 * Programs whose script flag may come after options with values: `su root -c …`,
 * `powershell -ExecutionPolicy Bypass -Command …`, `cmd /c …`.
 */
const SCRIPT_FLAG_ANYWHERE: ReadonlyMap<string, RegExp> = new Map([
  ['su', /^-c$/],
  ['powershell', /^-(c|command)$/],
  ['pwsh', /^-(c|command)$/],
  ['cmd', /^\/[ck]$/],
]);
const ASSIGNMENT = /^[a-z_][a-z0-9_]*=/;
/** Enough for `sudo env X=1 nohup bash -c …`; a longer stack adds nothing but work. */
const MAX_LAYERS = 8;

/**
 * The command inside wrappers, layer by layer: `sudo env A=1 bash -c rm -rf /` yields
 * `env a=1 bash -c rm -rf /`, `bash -c rm -rf /` and `rm -rf /`. Also what follows ` -- `
 * (`kubectl exec pod -- rm -rf /data`). Input is a cleaned command (lowercase, single spaces).
 */
export function unwrapCommand(command: string): string[] {
  const inner: string[] = [];
  let words = command.split(' ');
  for (let layer = 0; layer < MAX_LAYERS; layer++) {
    const next = peel(words);
    if (next === null || next.length === 0) break;
    words = next;
    inner.push(words.join(' '));
  }
  const dashDash = command.indexOf(' -- ');
  if (dashDash >= 0) inner.push(command.slice(dashDash + 4));
  return inner;
}

function peel(words: string[]): string[] | null {
  const [first, ...rest] = words;
  if (first === undefined) return null;
  if (ASSIGNMENT.test(first)) return rest;
  // zsh runs `=rm` as the full path of rm.
  if (/^=[a-z]/.test(first)) return [first.slice(1), ...rest];
  const program = basename(first);
  if (program !== first) return [program, ...rest];
  if (SHELLS.has(program)) return shellScript(rest);
  const scriptFlag = SCRIPT_FLAG_ANYWHERE.get(program);
  if (scriptFlag) return afterScriptFlag(rest, scriptFlag);
  return FLAGS_WITH_VALUE.has(program) ? wrapped(program, rest) : null;
}

function shellScript(args: string[]): string[] | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('-')) return null;
    if (SHELL_SCRIPT_FLAG.test(arg)) return args.slice(i + 1);
  }
  return null;
}

function afterScriptFlag(args: string[], flag: RegExp): string[] | null {
  const at = args.findIndex((arg) => flag.test(arg));
  return at < 0 ? null : args.slice(at + 1);
}

function wrapped(program: string, args: string[]): string[] {
  const flagsWithValue = FLAGS_WITH_VALUE.get(program) ?? '';
  const positionals = POSITIONALS.get(program) ?? 0;
  let i = 0;
  while (i < args.length) {
    const arg = args[i] ?? '';
    if (arg === '--') return args.slice(i + 1 + positionals);
    if (arg.startsWith('-') && arg.length > 1) {
      const takesValue = arg.length === 2 && flagsWithValue.includes(arg.charAt(1));
      i += takesValue ? 2 : 1;
    } else if (TAKES_ASSIGNMENTS.has(program) && ASSIGNMENT.test(arg)) {
      i += 1;
    } else {
      break;
    }
  }
  return args.slice(i + positionals);
}

/** `/usr/bin/rm` runs `rm`. */
function basename(word: string): string {
  if (!word.includes('/') || word.endsWith('/')) return word;
  return word.slice(word.lastIndexOf('/') + 1);
}
