import { invocationsOf, isCriticalFile, isCriticalOrDataFile, pathRisk } from './paths.js';

/** Where a command writes: redirections, tee, the destination of cp/mv/install/ln, truncate and dd of=. */
function overwrittenPaths(command: string): string[] {
  const redirected = [...command.matchAll(/(?:^|[^<>&\d-])\d?>{1,2}\|?\s?([^\s<>&|;]+)/g)].map(
    ([, p]) => p ?? '',
  );
  const copied = ['cp', 'mv', 'install', 'ln'].flatMap((program) =>
    invocationsOf(command, program).flatMap((run) => run.operands.slice(-1)),
  );
  const teed = invocationsOf(command, 'tee').flatMap((run) => run.operands);
  const truncated = invocationsOf(command, 'truncate').flatMap((run) => run.operands);
  const ddTargets = [...command.matchAll(/\bof=(\S+)/g)].map(([, p]) => p ?? '');
  return [...redirected, ...copied, ...teed, ...truncated, ...ddTargets];
}

/** Logs are what a full disk is made of: emptying one loses nothing a service needs to run. */
const isLog = (path: string) => /\.log(\.\d+)?$/.test(path);

/** `/etc/*`: every file of a system directory at once. */
const isSystemGlob = (path: string) => path.includes('*') && pathRisk(path) === 'system';

const EMPTY_SOURCE = /^\/dev\/(null|zero|u?random)$/;

/**
 * A write over a critical or database file, a delete of a critical file (or of a system glob like
 * `/etc/*`), an in-place edit of a system glob, or a truncate or copy from /dev/null over a system,
 * data or unseen tree.
 */
export function overwritesCriticalFile(command: string): boolean {
  const removed = ['rm', 'unlink'].flatMap((program) =>
    invocationsOf(command, program).flatMap((run) => run.operands),
  );
  const truncated = invocationsOf(command, 'truncate').flatMap((run) => run.operands);
  const editedInPlace = invocationsOf(command, 'sed')
    .filter((run) => run.flags.has('i'))
    .flatMap((run) => run.operands);
  const emptied = invocationsOf(command, 'cp').flatMap((run) =>
    run.operands.some((path) => EMPTY_SOURCE.test(path)) ? run.operands.slice(-1) : [],
  );
  return (
    overwrittenPaths(command).some((path) => isCriticalOrDataFile(path) && !isLog(path)) ||
    removed.some((path) => isCriticalFile(path) || isSystemGlob(path)) ||
    editedInPlace.some(isSystemGlob) ||
    truncated.some((path) => !isLog(path) && ['system', 'data', 'unseen'].includes(pathRisk(path))) ||
    emptied.some((path) => ['system', 'data', 'unseen'].includes(pathRisk(path)))
  );
}

/** `mv / /dev/null`, `mv /var/lib/postgresql /tmp/x`: the directory is gone from where everything expects it. */
export function movesSystemAway(command: string): boolean {
  return invocationsOf(command, 'mv').some((run) => {
    const sources = run.operands.slice(0, -1);
    const target = run.operands[run.operands.length - 1];
    const risky = sources.some((path) => ['system', 'data'].includes(pathRisk(path)));
    return risky || (sources.length > 0 && target === '/dev/null');
  });
}
