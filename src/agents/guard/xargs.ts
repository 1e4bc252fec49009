import { findRoots, walkingTree } from './find.js';
import { literalOutput } from './producers.js';
import { UNSEEN } from './unseen.js';

/**
 * `xargs` runs a command on what the stage before it prints, which the command line does not spell
 * out: `echo / | xargs rm -rf` runs `rm -rf /`, `find /srv | xargs rm` runs `rm -r /srv/*`.
 */

/** xargs options that take a value as the next word. */
const XARGS_VALUE_FLAGS = new Set(['-a', '-d', '-e', '-E', '-I', '-L', '-l', '-n', '-P', '-s']);

/**
 * A statement with each `xargs CMD` stage replaced by `CMD` on what the stage before it prints: a
 * literal, the paths a `find` or `ls` lists, or UNSEEN when the guard cannot know.
 */
export function inlineXargs(statement: string): string {
  const stages = statement.split(/(?<!\|)\|(?!\|)/);
  if (!stages.some((stage) => /(^|\s|\/)xargs\s/.test(stage))) return statement;
  return stages
    .map((stage, index) => {
      const words = stage.trim().split(/\s+/);
      const at = words.findIndex((word) => word === 'xargs' || word.endsWith('/xargs'));
      if (at < 0) return stage;
      const { paths, fromFind } = feed(stages[index - 1]);
      const command = xargsCommand(words.slice(at + 1), paths);
      return ` ${fromFind ? walkingTree(command) : command.join(' ')} `;
    })
    .join('|');
}

/** What the stage before xargs prints, as far as the guard can tell; only that stage is read, to stay linear. */
function feed(before: string | undefined): { paths: string; fromFind: boolean } {
  const unseen = { paths: UNSEEN, fromFind: false };
  if (before === undefined) return unseen;
  const literal = literalOutput(before);
  if (literal !== null) return { paths: literal.replace(/\s+/g, ' ').trim(), fromFind: false };
  const [program, ...args] = before.trim().replace(/['"]/g, '').split(/\s+/);
  const name = program?.slice(program.lastIndexOf('/') + 1);
  if (name === 'find') return { paths: findRoots(args).join(' '), fromFind: true };
  if (name === 'ls')
    return { paths: findRoots(args.filter((arg) => !arg.startsWith('-'))).join(' '), fromFind: false };
  return unseen;
}

function xargsCommand(args: readonly string[], input: string): string[] {
  let replace: string | null = null;
  let i = 0;
  while (i < args.length) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      i += 1;
      break;
    }
    if (!arg.startsWith('-') || arg.length < 2) break;
    const replacement = replacementOf(arg, args[i + 1]);
    if (replacement !== null) {
      replace = replacement;
      i += arg === '-I' ? 2 : 1;
    } else {
      i += XARGS_VALUE_FLAGS.has(arg) ? 2 : 1;
    }
  }
  const redirect = args.findIndex((arg, at) => at >= i && /^[<>]/.test(arg));
  const command = args.slice(i, redirect < 0 ? args.length : redirect);
  if (replace !== null) {
    const token = replace;
    return command.map((word) => word.replaceAll(token, input));
  }
  return [...command, input];
}

/** The string `-I R`, `-iR`, `-i` or `--replace[=R]` sets xargs to replace by each input; null for other options. */
function replacementOf(arg: string, next: string | undefined): string | null {
  if (arg.startsWith('-I')) return arg.length > 2 ? arg.slice(2) : (next ?? '{}');
  if (arg.startsWith('--replace')) return arg.split('=')[1] ?? '{}';
  if (arg.startsWith('-i')) return arg.length > 2 ? arg.slice(2) : '{}';
  return null;
}
