import { BASE64_RUN, decodePrintableBase64 } from './base64.js';
import { unwrapCommand } from './wrappers.js';

/**
 * Every way of reading a step that a rule should see. All strings are lowercased, unquoted and
 * whitespace-collapsed, so `R''M  -Rf "/"` reads `rm -rf /`.
 */
export interface NormalizedCommand {
  /** Simple commands: each part of every chain and pipeline, with and without wrappers, decoded payloads too. */
  readonly commands: readonly string[];
  /** Whole statements (pipes kept), for rules about what flows into what: `curl … | sh`, fork bombs. */
  readonly pipelines: readonly string[];
}

/** Base64 inside base64 inside base64 is checked; deeper nesting is not worth the work. */
const MAX_DECODE_DEPTH = 3;

const LINE_CONTINUATION = /\\\r?\n/g;
const HEX_ESCAPE = /\\x([0-9a-fA-F]{2})/g;
const UNICODE_ESCAPE = /\\u([0-9a-fA-F]{4})/g;
const OCTAL_ESCAPE = /\\([0-7]{3})/g;
/** `$'\x72m'` (ANSI-C quoting) once its escapes are decoded. */
const ANSI_C_QUOTE = /\$(?=['"])/g;
const IFS = /\$\{IFS[^}]*\}|\$IFS\b/gi;
/** `$@` and `$*` expand to nothing in an interactive shell: `r$@m` runs `rm`. */
const EMPTY_EXPANSION = /\$[@*]/g;
/** Brace expansion `{rm,-rf,/}` runs `rm -rf /`. */
const BRACE_LIST = /(^|\s)\{([^{}\s,]*,[^{}\s]*)\}/g;

const STATEMENT_SEPARATORS = /[\n\r;]|&&?|\|\|/;
const COMMAND_SEPARATORS = /\||`|\$\(|<\(|\)/;

export function normalizeCommand(text: string): NormalizedCommand {
  const commands = new Set<string>();
  const pipelines = new Set<string>();
  collect(text, 0, commands, pipelines);
  return { commands: [...commands], pipelines: [...pipelines] };
}

function collect(text: string, depth: number, commands: Set<string>, pipelines: Set<string>): void {
  const decoded = decodeEscapes(text);
  if (depth < MAX_DECODE_DEPTH) {
    for (const payload of base64Payloads(decoded)) collect(payload, depth + 1, commands, pipelines);
  }
  for (const statement of decoded.split(STATEMENT_SEPARATORS)) {
    addIfAny(pipelines, clean(statement));
    for (const part of statement.split(COMMAND_SEPARATORS)) {
      const command = clean(part);
      addIfAny(commands, command);
      for (const inner of unwrapCommand(command)) addIfAny(commands, inner);
    }
  }
}

function decodeEscapes(text: string): string {
  return text
    .replace(LINE_CONTINUATION, ' ')
    .replace(HEX_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(UNICODE_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(OCTAL_ESCAPE, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)))
    .replace(ANSI_C_QUOTE, '')
    .replace(IFS, ' ')
    .replace(EMPTY_EXPANSION, '')
    .replace(BRACE_LIST, (_, lead: string, list: string) => `${lead}${list.replaceAll(',', ' ')}`);
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
