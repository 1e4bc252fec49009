/** `a = a`, `1=1`, `'x'='x'` (quotes are gone by now) after WHERE or OR. */
const COMPARISON = /\b(where|or)\s+([^\s=<>!();]{1,64})\s*={1,2}\s*([^\s=<>!();]{1,64})/g;
const CONSTANT_TRUE = /\b(where|or)\s+(true|1|not\s+(false|0))(\s|;|\)|$)/;
/** `2 > 1`, `0 <> 1`: two numbers compared. */
const NUMBERS_COMPARED = /\b(?:where|or)\s+(\d{1,9})\s*(<>|!=|<=|>=|<|>|=)\s*(\d{1,9})\b/g;

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '<>': (a, b) => a !== b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
};

/** A WHERE clause that every row satisfies, so it filters nothing. */
export function alwaysTrue(statement: string): boolean {
  if (CONSTANT_TRUE.test(statement)) return true;
  for (const [, , left, right] of statement.matchAll(COMPARISON)) if (left === right) return true;
  for (const [, left, operator, right] of statement.matchAll(NUMBERS_COMPARED)) {
    if (COMPARE[operator ?? '']?.(Number(left), Number(right))) return true;
  }
  return false;
}
