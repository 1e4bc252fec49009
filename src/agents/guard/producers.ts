import { decodePrintableBase64 } from './base64.js';
import { shellWords } from './shell-words.js';

/**
 * What a pipeline of literal producers and text filters prints, when that can be known without running
 * anything: `echo '/ fr- mr' | rev` prints `rm -rf /`, `printf '%s' rm` prints `rm`. Null as soon as a
 * stage reads something the guard cannot see (a file, the network, a command's output).
 */
export function literalOutput(pipeline: string): string | null {
  const stages = pipeline.split(/(?<!\|)\|(?!\|)/);
  const [first, ...filters] = stages;
  let text = produce(shellWords(first ?? ''));
  for (const stage of filters) {
    if (text === null) return null;
    const words = shellWords(stage);
    if (isConsumer(words[0])) return text;
    text = filter(words, text);
  }
  return text;
}

/** Programs a pipeline ends in that run or take its text; what reached them is the output. */
const CONSUMERS =
  /^(ba|z|da|k)?sh$|^(eval|source|xargs|iex|invoke-expression|python\d?(\.\d+)?|perl|ruby|node|php)$/;

function isConsumer(program: string | undefined): boolean {
  return program !== undefined && CONSUMERS.test(basename(program));
}

function produce(words: readonly string[]): string | null {
  const [program, ...args] = words;
  if (program === undefined) return null;
  const hereString = words.indexOf('<<<');
  if (hereString > 0) return filter(words.slice(0, hereString), words.slice(hereString + 1).join(' '));
  switch (basename(program).toLowerCase()) {
    case 'echo':
    case 'write-output':
    case 'write-host':
      return args.filter((arg) => !/^-[neE]+$/.test(arg)).join(' ');
    case 'printf':
      return printf(args);
    default:
      return null;
  }
}

function printf([format, ...args]: readonly string[]): string | null {
  if (format === undefined) return null;
  let next = 0;
  const filled = format.replace(/%[-+ #0-9.]{0,8}[sdbc]/g, () => args[next++] ?? '');
  return filled.replace(/\\n/g, '\n');
}

function filter(words: readonly string[], text: string): string | null {
  const [program, ...args] = words;
  switch (basename(program ?? '').toLowerCase()) {
    case 'rev':
      return text
        .split('\n')
        .map((line) => [...line].reverse().join(''))
        .join('\n');
    case 'base64':
      return args.some((arg) => /^(-d|-D|--decode)$/.test(arg))
        ? decodePrintableBase64(text.trim(), 1)
        : null;
    case 'tr':
      return translate(args, text);
    case 'cat':
    case 'tee':
      return text;
    default:
      return null;
  }
}

/** `tr 'a-z' 'n-za-m'` (rot13), `tr -d '#'`, `tr x y`. */
function translate(args: readonly string[], text: string): string | null {
  if (args[0] === '-d' && args[1] !== undefined) {
    const drop = new Set(expandRanges(args[1]));
    return [...text].filter((char) => !drop.has(char)).join('');
  }
  const [from, to] = args.map(expandRanges);
  if (from === undefined || to === undefined || to.length === 0) return null;
  const map = new Map(from.map((char, i) => [char, to[Math.min(i, to.length - 1)] ?? char]));
  return [...text].map((char) => map.get(char) ?? char).join('');
}

function expandRanges(set: string): string[] {
  const chars: string[] = [];
  for (let i = 0; i < set.length; i++) {
    const from = set.charCodeAt(i);
    const to = set.charCodeAt(i + 2);
    if (set.charAt(i + 1) === '-' && i + 2 < set.length && to >= from && to - from < 128) {
      for (let code = from; code <= to; code++) chars.push(String.fromCharCode(code));
      i += 2;
    } else {
      chars.push(set.charAt(i));
    }
  }
  return chars;
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}
