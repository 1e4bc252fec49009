import { UNSEEN } from './unseen.js';

/**
 * `C:\Windows\System32` reads `C:/Windows/System32` (and `$env:TEMP\x`, `%TEMP%\x` likewise), so paths
 * look the same to every rule.
 */
const DRIVE_PATH = /(\b[a-z]:|\$env:[a-z_]{1,32}|%[a-z_]{1,32}%)\\([^\s'"|;&<>]{0,1024})/gi;

/** `& ('Remove-Item')`, PowerShell's call operator on a literal, calls `Remove-Item`. */
const CALL_OF_LITERAL = /&\s{0,8}\(\s{0,8}(['"])([^'"()]{1,256})\1\s{0,8}\)/g;

/** `vssadmin.exe` runs `vssadmin`. */
const EXE = /\b([a-z][\w-]{0,63})\.exe\b/gi;

export function forwardSlashDrivePaths(text: string): string {
  return text.replace(DRIVE_PATH, (_, root: string, rest: string) => `${root}/${rest.replaceAll('\\', '/')}`);
}

export function withoutExe(text: string): string {
  return text.replace(EXE, '$1');
}

export function callsOfLiterals(text: string): string {
  return text.replace(CALL_OF_LITERAL, (_, _quote: string, name: string) => `& ${name}`);
}

/** PowerShell's Remove-Item and its aliases, cmd's rd and del. */
const DELETERS = new Set(['remove-item', 'ri', 'rd', 'rmdir', 'del', 'erase']);
/** `-Recurse` (PowerShell accepts any prefix of it), `/s` (cmd). */
const RECURSE = /^(-r|-re|-rec|-recu|-recur|-recurs|-recurse|\/s)$/;
/** PowerShell options that take a value, which is a path for -Path and -LiteralPath. */
const TAKES_VALUE = /^-(include|exclude|filter|credential|stream)$/;

/**
 * A recursive Windows delete in a cleaned command, as the `rm -r` it amounts to: `Remove-Item -Recurse
 * -Force C:/` is `rm -r c:/`, `rd /s /q c:/windows` is `rm -r c:/windows`. Null for anything else.
 */
export function windowsDeleteAsRm(command: string): string | null {
  const words = command.split(' ');
  const at = words.findIndex((word) => DELETERS.has(word));
  if (at < 0) return null;
  const args = words.slice(at + 1);
  if (!args.some((arg) => RECURSE.test(arg))) return null;
  const paths = args.filter(
    (arg, i) => !arg.startsWith('-') && !/^\/[a-z]$/.test(arg) && !TAKES_VALUE.test(args[i - 1] ?? ''),
  );
  // With no path, Remove-Item deletes what the pipeline feeds it: `Get-ChildItem C:\ -Recurse | Remove-Item`.
  return `rm -r ${paths.length > 0 ? paths.join(' ') : UNSEEN}`;
}
