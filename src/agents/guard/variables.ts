import { UNSEEN } from './unseen.js';

/**
 * Shell and PowerShell variables set to a literal and used later in the same step, replaced by their
 * value: `X=rm; $X -rf /` reads `X=rm; rm -rf /`, `$c='Remove-Item'; & $c C:\` reads `… & Remove-Item C:\`.
 * One left-to-right pass, so each use sees the value set before it, as the shell would.
 */

const NAME = '[a-z_][a-z0-9_]{0,63}';
const QUOTED = `'[^'\\n]{0,256}'|"[^"\\n]{0,256}"`;
const VALUE = `${QUOTED}|[^\\s;&|'"()\`]{0,256}`;
const ASSIGNMENT_OR_USE = new RegExp(
  [
    `(?<![\\w$])(?<shell>${NAME})=(?<shellValue>${VALUE})`,
    `\\$(?<ps>${NAME})\\s{0,8}=\\s{0,8}(?<psValue>${QUOTED})`,
    `\\bfor\\s{1,8}(?<loop>${NAME})\\s{1,8}in\\s{1,8}(?<loopValues>[^;\\n]{0,256})`,
    `\\bread\\s{1,8}(?:-r\\s{1,8})?(?<read>${NAME})`,
    `\\$\\{(?<sliced>${NAME}):(?<offset>\\d{1,4}):(?<length>\\d{1,4})\\}`,
    `\\$\\{(?<braced>${NAME})(?::?[-=](?<fallback>[^}]{0,256}))?\\}`,
    `\\$(?<plain>${NAME})`,
  ].join('|'),
  'gi',
);
/** Variables that always hold an absolute path, so `${PATH:0:1}` is `/` even unset here. */
const ABSOLUTE_PATHS = new Set(['path', 'home', 'pwd', 'oldpwd', 'shell', 'tmpdir']);

/** A value longer than this is not kept: `Y=$X$X…; Z=$Y$Y…` would otherwise grow exponentially. */
const MAX_VALUE = 1_024;
/** How much longer than the step its expansion may grow, in characters, before the guard stops expanding. */
const GROWTH_ALLOWANCE = 4;

type Groups = Partial<Record<string, string>>;

export interface Resolved {
  text: string;
  /** False when a value or the whole expansion outgrew its bound, and some uses were left unresolved. */
  complete: boolean;
}

export function resolveVariables(text: string): Resolved {
  if (!text.includes('$')) return { text, complete: true };
  const values = new Map<string, string>();
  let budget = GROWTH_ALLOWANCE * text.length + MAX_VALUE;
  let complete = true;
  const resolved = text.replace(ASSIGNMENT_OR_USE, (match: string, ...args: unknown[]) => {
    const groups = args[args.length - 1] as Groups;
    const assigned = assignment(groups, values);
    if (assigned !== null) {
      if (assigned.value.length > MAX_VALUE) complete = false;
      else values.set(assigned.name.toLowerCase(), assigned.value);
      return match;
    }
    const value = use(groups, values);
    if (value === null) return match;
    budget -= value.length;
    if (budget < 0) complete = false;
    return budget < 0 ? match : value;
  });
  return { text: resolved, complete };
}

/** What a use of a variable reads, or null when the guard does not know the variable. */
function use(groups: Groups, values: ReadonlyMap<string, string>): string | null {
  if (groups.sliced !== undefined) return slice(groups, values);
  const value = values.get((groups.braced ?? groups.plain ?? '').toLowerCase());
  return value === undefined ? (groups.fallback ?? null) : splitOnIfs(value, values.get('ifs'));
}

/** `IFS=,; cmd=rm,-rf,/; $cmd` runs `rm -rf /`: an unquoted use splits on the characters of IFS. */
function splitOnIfs(value: string, ifs: string | undefined): string {
  if (ifs === undefined || ifs.length === 0) return value;
  return [...value].map((char) => (ifs.includes(char) ? ' ' : char)).join('');
}

/** What a match sets, if it is an assignment: `read X` sets what the guard cannot see. */
function assignment(
  groups: Groups,
  values: ReadonlyMap<string, string>,
): { name: string; value: string } | null {
  if (groups.shell !== undefined) return { name: groups.shell, value: withValues(groups.shellValue, values) };
  if (groups.ps !== undefined) return { name: groups.ps, value: withValues(groups.psValue, values) };
  if (groups.loop !== undefined) return { name: groups.loop, value: withValues(groups.loopValues, values) };
  if (groups.read !== undefined) return { name: groups.read, value: UNSEEN };
  return null;
}

function slice(groups: Groups, values: ReadonlyMap<string, string>): string | null {
  const name = (groups.sliced ?? '').toLowerCase();
  const value = values.get(name) ?? (ABSOLUTE_PATHS.has(name) ? '/' : null);
  const offset = Number(groups.offset);
  return value === null ? null : value.slice(offset, offset + Number(groups.length));
}

/** `Y=$X` takes X's value at the time of the assignment. */
function withValues(raw: string | undefined, values: ReadonlyMap<string, string>): string {
  return unquote(raw ?? '').replace(
    /\$\{?([a-z_][a-z0-9_]{0,63})\}?/gi,
    (use, name: string) => values.get(name.toLowerCase()) ?? use,
  );
}

function unquote(value: string): string {
  const first = value.charAt(0);
  return (first === "'" || first === '"') && value.endsWith(first) ? value.slice(1, -1) : value;
}
