/**
 * Shell and PowerShell variables set to a literal and used later in the same step, replaced by their
 * value: `X=rm; $X -rf /` reads `X=rm; rm -rf /`, `$c='Remove-Item'; & $c C:\` reads `… & Remove-Item C:\`.
 * One left-to-right pass, so each use sees the value set before it, as the shell would.
 */

const NAME = '([a-z_][a-z0-9_]{0,63})';
const VALUE = `('[^'\\n]{0,256}'|"[^"\\n]{0,256}"|[^\\s;&|'"()\`]{0,256})`;
/** A shell assignment, a PowerShell assignment, `\${X}` or `\${X:-default}`, or `$X`. */
const ASSIGNMENT_OR_USE = new RegExp(
  [
    `(?<![\\w$])${NAME}=${VALUE}`,
    `\\$${NAME}\\s{0,8}=\\s{0,8}('[^'\\n]{0,256}'|"[^"\\n]{0,256}")`,
    `\\$\\{${NAME}(?::?[-=]([^}]{0,256}))?\\}`,
    `\\$${NAME}`,
  ].join('|'),
  'gi',
);

export function resolveVariables(text: string): string {
  if (!text.includes('$')) return text;
  const values = new Map<string, string>();
  return text.replace(
    ASSIGNMENT_OR_USE,
    (
      match,
      shellName?: string,
      shellValue?: string,
      psName?: string,
      psValue?: string,
      bracedName?: string,
      fallback?: string,
      plainName?: string,
    ) => {
      if (shellName !== undefined) {
        values.set(shellName.toLowerCase(), withValues(unquote(shellValue ?? ''), values));
        return match;
      }
      if (psName !== undefined) {
        values.set(psName.toLowerCase(), withValues(unquote(psValue ?? ''), values));
        return match;
      }
      const name = (bracedName ?? plainName ?? '').toLowerCase();
      return values.get(name) ?? fallback ?? match;
    },
  );
}

/** `Y=$X` takes X's value at the time of the assignment. */
function withValues(value: string, values: ReadonlyMap<string, string>): string {
  return value.replace(
    /\$\{?([a-z_][a-z0-9_]{0,63})\}?/gi,
    (use, name: string) => values.get(name.toLowerCase()) ?? use,
  );
}

function unquote(value: string): string {
  const first = value.charAt(0);
  return (first === "'" || first === '"') && value.endsWith(first) ? value.slice(1, -1) : value;
}
