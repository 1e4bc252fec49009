/**
 * One POSIX shell word holding exactly `value`: single quotes, with each `'` written as `'\''`.
 * Nothing inside single quotes is special to sh, bash, dash or zsh, so the value stays one argument.
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
