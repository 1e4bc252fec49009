/**
 * Interpreter one-liners (`python3 -c`, `perl -e`, `node -e`, `ruby -e`, `php -r`, PowerShell) hide
 * commands in the strings of their code. These are the texts worth checking as commands: each string
 * literal, the literals of a call or list joined (`['rm', '-rf', '/']`), `qx(…)`/`%x(…)`, and
 * file-deleting library calls read as the `rm` they amount to (`shutil.rmtree('/')` is `rm -rf /`).
 */

/** `chr(114)`, `String.fromCharCode(114, 109)`: characters built from their codes. */
const CHAR_CODE = /\b(?:chr|string\.fromcharcode)\(\s{0,4}([\d,\s]{1,256})\)/gi;
/** `'r' + 'm'`, `"r" . "m"`, `'r' || 'm'`: adjacent literals joined. */
const CONCATENATION = /(['"])\s{0,8}(?:\+|\.|\|\|)\s{0,8}(['"])/g;
const STRING_LITERAL = /'([^'\n]{1,4096})'|"([^"\n]{1,4096})"/g;
const CALL_OR_LIST = /\(([^()]{1,1024})\)|\[([^[\]]{1,1024})\]/g;
const LITERAL_IN_LIST = /'([^'\n]{0,1024})'|"([^"\n]{0,1024})"/g;
const PERL_RUBY_EXEC =
  /(?:\bqx|%x)\s{0,4}(?:\(([^)]{1,1024})\)|\{([^}]{1,1024})\}|\[([^\]]{1,1024})\]|\/([^/]{1,1024})\/)/gi;

const RECURSIVE_DELETES =
  'shutil\\.rmtree|rmtree|remove_tree|rm_rf|rm_r|remove_dir|remove_dir_all|rmsync|rmdirsync|removesync|rimraf|emptydirsync|deltree';
const FILE_DELETES = 'os\\.remove|os\\.unlink|unlinksync|unlink|file\\.delete|fileutils\\.rm|path\\.unlink';
const LIBRARY_DELETE = new RegExp(
  `\\b(${RECURSIVE_DELETES}|${FILE_DELETES})\\s{0,4}\\(?\\s{0,4}(?:path\\()?['"]([^'"]{1,512})['"]`,
  'gi',
);
const RECURSIVE = new RegExp(`^(${RECURSIVE_DELETES})$`, 'i');
const DELETES_BY_NAME = new RegExp(`\\b(${RECURSIVE_DELETES}|${FILE_DELETES})\\b`, 'i');
const RECURSIVE_BY_NAME = new RegExp(`\\b(${RECURSIVE_DELETES})\\b`, 'i');
const PATH_LITERAL = /^(\/|~|[a-z]:\/)/i;
/** `bytes.fromhex('726d…')`, `pack("H*", "726d…")`: text spelled in hex. */
const HEX_LITERAL = /^(?:[0-9a-f]{2}){4,}$/i;
const PRINTABLE = /^[\t\n\r\x20-\x7e]+$/;
/** `\"` inside a quoted one-liner: `python -c "os.system(\"rm -rf /\")"`. */
const ESCAPED_QUOTE = /\\(["'])/g;

/** Code with character codes and concatenations folded into plain literals. */
export function foldLiterals(code: string): string {
  return code.replace(CHAR_CODE, (_, codes: string) => `'${charsOf(codes)}'`).replace(CONCATENATION, '');
}

export function codeStrings(code: string): string[] {
  const texts: string[] = [];
  const literals = [...code.matchAll(STRING_LITERAL)].map(([, single, double]) => single ?? double ?? '');
  texts.push(...literals, ...literals.flatMap(decodedHex));
  for (const [, call, list] of code.replace(ESCAPED_QUOTE, '$1').matchAll(CALL_OR_LIST)) {
    const inCall = [...(call ?? list ?? '').matchAll(LITERAL_IN_LIST)].map(([, a, b]) => a ?? b ?? '');
    if (inCall.length > 0) texts.push(inCall.join(' '));
  }
  texts.push(...pathsHandedToDeletes(code, literals));
  for (const [, ...delimited] of code.matchAll(PERL_RUBY_EXEC)) texts.push(delimited.find(Boolean) ?? '');
  for (const [, call, path] of code.matchAll(LIBRARY_DELETE)) {
    texts.push(`${RECURSIVE.test(call ?? '') ? 'rm -rf' : 'rm -f'} ${path ?? ''}`);
  }
  return texts.filter((text) => /[a-z]/i.test(text));
}

/**
 * Code that names a file-deleting function and holds paths deletes them, however it hands them over:
 * `[os.remove(f) for f in ['/etc/passwd']]`, `array_map('unlink', glob('/etc/*'))`.
 */
function pathsHandedToDeletes(code: string, literals: readonly string[]): string[] {
  if (!DELETES_BY_NAME.test(code)) return [];
  const rm = RECURSIVE_BY_NAME.test(code) ? 'rm -rf' : 'rm -f';
  return literals.filter((literal) => PATH_LITERAL.test(literal)).map((path) => `${rm} ${path}`);
}

function decodedHex(literal: string): string[] {
  if (!HEX_LITERAL.test(literal)) return [];
  const text = Buffer.from(literal, 'hex').toString('latin1');
  return PRINTABLE.test(text) ? [text] : [];
}

function charsOf(codes: string): string {
  return codes
    .split(',')
    .map((code) => Number.parseInt(code.trim(), 10))
    .filter((code) => code > 0 && code < 0x10000)
    .map((code) => String.fromCharCode(code))
    .join('');
}
