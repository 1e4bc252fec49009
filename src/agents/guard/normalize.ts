import { BASE64_RUN, decodePrintableBase64 } from './base64.js';
import { codeStrings, foldLiterals } from './code-strings.js';
import { findActions } from './find.js';
import { foldLookalikes } from './lookalikes.js';
import { literalOutput } from './producers.js';
import { expandSubstitutions } from './substitution.js';
import { resolveVariables } from './variables.js';
import { callsOfLiterals, forwardSlashDrivePaths, windowsDeleteAsRm, withoutExe } from './windows.js';
import { unwrapCommand } from './wrappers.js';
import { inlineXargs } from './xargs.js';

/**
 * Every way of reading a step that a rule should see. All strings are lowercased, unquoted and
 * whitespace-collapsed, so `R''M  -Rf "/"` reads `rm -rf /`.
 */
export interface NormalizedCommand {
  /** Simple commands: each part of every chain and pipeline, with and without wrappers, decoded payloads too. */
  readonly commands: readonly string[];
  /** Whole statements (pipes kept), for rules about what flows into what: `curl … | sh`, fork bombs. */
  readonly pipelines: readonly string[];
  /**
   * Set when the guard could not read all of the step: longer than MAX_STEP_CHARS, or its variables
   * expand past their bound.
   */
  readonly incomplete?: boolean;
}

/**
 * No remediation step is this long. Reading is linear, but a step holds up to nine readings (one per
 * wrapper peeled) checked by every rule, so a megabyte of hostile text would still cost seconds; past
 * this length the guard reads the beginning and blocks the step (G055) instead.
 */
export const MAX_STEP_CHARS = 16_384;

/** Base64 inside base64 inside base64 is checked; deeper nesting is not worth the work. */
const MAX_DECODE_DEPTH = 3;
/** Texts found inside others (substitutions, code strings, pipeline outputs) nest one level deeper still. */
const MAX_DERIVED_DEPTH = 4;

const LINE_CONTINUATION = /\\\r?\n/g;
const HEX_ESCAPE = /\\x([0-9a-fA-F]{2})/g;
const UNICODE_ESCAPE = /\\u([0-9a-fA-F]{4})/g;
const OCTAL_ESCAPE = /\\([0-7]{3})/g;
/** `printf 'FLUSHALL\r\n'`: inside quotes, control escapes end a word (outside, `\rm` is `rm`). */
const CONTROL_ESCAPE = /\\[nrt]/g;
const QUOTED = /'[^'\n]{0,4096}'|"[^"\n]{0,4096}"/g;
/** `$'\x72m'` (ANSI-C quoting) once its escapes are decoded. */
const ANSI_C_QUOTE = /\$(?=['"])/g;
const IFS = /\$\{IFS[^}]*\}|\$IFS\b/gi;
/** `$@` and `$*` expand to nothing in an interactive shell: `r$@m` runs `rm`. */
const EMPTY_EXPANSION = /\$[@*]/g;
/** Brace expansion `{rm,-rf,/}` runs `rm -rf /`. */
const BRACE_LIST = /(^|\s)\{([^{}\s,]*,[^{}\s]*)\}/g;
/** `DROP/**\/TABLE` is `DROP TABLE`; MySQL runs what is inside `/*!50000 … *\/`. */
const SQL_COMMENT = /\/\*[^*]{0,512}\*\//g;
const SQL_VERSIONED_COMMENT = /\/\*!\d{0,6}/g;

const STATEMENT_SEPARATORS = /[\n\r;]|&&?|\|\|/;
const COMMAND_SEPARATORS = /\||`|\$\(|<\(|\)/;

/** What reading a step has found so far. */
interface Reader {
  commands: Set<string>;
  pipelines: Set<string>;
  complete: boolean;
}

export function normalizeCommand(text: string): NormalizedCommand {
  const reader: Reader = {
    commands: new Set(),
    pipelines: new Set(),
    complete: text.length <= MAX_STEP_CHARS,
  };
  collect(text.slice(0, MAX_STEP_CHARS), 0, reader);
  const read = { commands: [...reader.commands], pipelines: [...reader.pipelines] };
  return reader.complete ? read : { ...read, incomplete: true };
}

/**
 * Normalizes, then reads: look-alikes folded, escapes decoded, variables resolved, substitutions of
 * literals expanded, xargs and find turned into the commands they run. Texts hidden inside the step
 * (base64 payloads, substituted commands, code strings, what a pipeline of literals prints) are read
 * the same way, one level deeper.
 */
function collect(text: string, depth: number, reader: Reader): void {
  const { commands, pipelines } = reader;
  const decoded = unmask(text);
  if (depth < MAX_DECODE_DEPTH) {
    for (const payload of base64Payloads(decoded)) collect(payload, depth + 1, reader);
  }
  const { text: resolved, complete } = resolveVariables(decoded);
  if (!complete) reader.complete = false;
  const expanded = expandSubstitutions(resolved);
  const hidden = [...expanded.inner, ...codeStrings(resolved)];
  // The step as written is read too, so every reading the plain split gave is still there.
  for (const statement of resolved.split(STATEMENT_SEPARATORS)) {
    addIfAny(pipelines, clean(statement));
    for (const part of inlineXargs(statement).split(COMMAND_SEPARATORS)) addCommand(clean(part), commands);
  }
  for (const statement of expanded.text.split(STATEMENT_SEPARATORS)) {
    const runs = inlineXargs(statement);
    addIfAny(pipelines, clean(runs));
    if (statement.includes('|')) hidden.push(literalOutput(statement) ?? '');
    for (const part of runs.split(COMMAND_SEPARATORS)) addCommand(clean(part), commands);
  }
  if (depth < MAX_DERIVED_DEPTH) {
    for (const inner of new Set(hidden)) {
      if (inner.trim().length > 0 && inner !== text) collect(inner, depth + 1, reader);
    }
  }
}

/** A command, the commands inside its wrappers, and what its find or Windows delete runs. */
function addCommand(command: string, commands: Set<string>): void {
  if (command.length === 0) return;
  const readings = [command, ...unwrapCommand(command)];
  for (const reading of readings) {
    commands.add(reading);
    const runs = [...findActions(reading), windowsDeleteAsRm(reading) ?? ''];
    for (const run of runs) {
      const cleaned = clean(run);
      if (cleaned.length === 0 || commands.has(cleaned)) continue;
      commands.add(cleaned);
      for (const inner of unwrapCommand(cleaned)) addIfAny(commands, inner);
    }
  }
}

/** Rewrites that keep what a step does and drop its disguise, in the order they apply. */
const UNMASKINGS: ReadonlyArray<(text: string) => string> = [
  foldLookalikes,
  forwardSlashDrivePaths,
  withoutExe,
  uncommentSql,
  decodeEscapes,
  foldLiterals,
  callsOfLiterals,
];

function unmask(text: string): string {
  return UNMASKINGS.reduce((current, rewrite) => rewrite(current), text);
}

function decodeEscapes(text: string): string {
  return text
    .replace(LINE_CONTINUATION, ' ')
    .replace(HEX_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(UNICODE_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(OCTAL_ESCAPE, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)))
    .replace(QUOTED, (quoted) => quoted.replace(CONTROL_ESCAPE, ' '))
    .replace(ANSI_C_QUOTE, '')
    .replace(IFS, ' ')
    .replace(EMPTY_EXPANSION, '')
    .replace(BRACE_LIST, (_, lead: string, list: string) => `${lead}${list.replaceAll(',', ' ')}`);
}

function uncommentSql(text: string): string {
  if (!text.includes('/*')) return text;
  const versioned = text.replace(SQL_VERSIONED_COMMENT, ' ');
  const unwrapped = versioned === text ? text : versioned.replaceAll('*/', ' ');
  return unwrapped.replace(SQL_COMMENT, ' ');
}

/** Decoded before lowercasing: base64 is case-sensitive. */
function base64Payloads(text: string): string[] {
  const payloads: string[] = [];
  for (const [token] of text.matchAll(BASE64_RUN)) {
    const payload = decodePrintableBase64(token);
    if (payload !== null) payloads.push(payload);
  }
  return payloads;
}

/** Quotes and backslashes only split words for the shell: `r''m`, `r\m` and `"rm"` all run `rm`. */
function clean(text: string): string {
  return text
    .replace(/['"\\]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s({]+/, '')
    .trim();
}

function addIfAny(into: Set<string>, text: string): void {
  if (text.length > 0) into.add(text);
}
