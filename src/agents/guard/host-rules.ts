import { movesSystemAway, overwritesCriticalFile } from './file-writes.js';
import { anyCommand, anyPipeline, someCommand } from './match.js';
import type { GuardRule } from './types.js';

/** Signal options of kill: `-9`, `-KILL`, `-s KILL`, `--signal KILL`, `--`. */
const SIGNAL = /^-([a-z0-9]+|-)$/;
const SIGNAL_WITH_VALUE = new Set(['-s', '-n', '--signal']);

/** `kill -9 -1` signals every process the user may signal; `kill 1` signals init. */
function killsEverything(command: string): boolean {
  const words = command.split(' ');
  const starts = words.flatMap((word, index) =>
    word === 'kill' && !SIGNAL_WITH_VALUE.has(words[index - 1] ?? '') ? [index] : [],
  );
  return starts.some((start, n) => {
    const args = words.slice(start + 1, starts[n + 1] ?? words.length);
    let i = 0;
    if (SIGNAL_WITH_VALUE.has(args[0] ?? '')) i = 2;
    else if (SIGNAL.test(args[0] ?? '')) i = 1;
    if (args[i] === '--') i += 1;
    return args.slice(i).some((target) => target === '-1' || target === '1');
  });
}

const CRITICAL_UNITS =
  /^(sshd?|openssh-server|networking|network|networkmanager|systemd-networkd|systemd-resolved|kubelet|containerd|docker|dbus|systemd-journald|systemd-logind|winrm)(\.service|\.socket)?$/;
const STOPS = new Set(['stop', 'disable', 'mask', 'kill']);

/** systemctl/service/Stop-Service stopping what keeps the host reachable or its workloads alive. */
function stopsCriticalUnit(command: string): boolean {
  const words = command.split(' ');
  if (words.includes('systemctl')) {
    const verb = words.findIndex((word) => STOPS.has(word));
    return verb >= 0 && words.slice(verb + 1).some((word) => CRITICAL_UNITS.test(word));
  }
  if (words[0] === 'service') return words.includes('stop') && CRITICAL_UNITS.test(words[1] ?? '');
  if (words.includes('stop-service')) return words.some((word) => CRITICAL_UNITS.test(word));
  return false;
}

export const HOST_RULES: readonly GuardRule[] = [
  {
    id: 'G038',
    verdict: 'block',
    category: 'destructive',
    reason: 'Kills every process, init, or what keeps the host reachable',
    test: (normalized) =>
      someCommand(killsEverything)(normalized) ||
      anyCommand(/(^|\s)killall5\b/, [
        /(^|\s)(pkill|killall)\s/,
        /\s(sshd|systemd|init|dockerd|containerd|kubelet|networkmanager|dbus-daemon|-u\s+root)(\s|$)/,
      ])(normalized),
  },
  {
    id: 'G039',
    verdict: 'block',
    category: 'destructive',
    reason: 'Stops sshd, networking, the kubelet or the container runtime, or drops the host to rescue mode',
    test: (normalized) =>
      someCommand(stopsCriticalUnit)(normalized) ||
      anyCommand(/\bsystemctl\s+isolate\s+(rescue|emergency|halt|poweroff)(\.target)?\b/)(normalized),
  },
  {
    id: 'G040',
    verdict: 'block',
    category: 'destructive',
    reason: 'Cuts the host off the network',
    test: anyCommand(
      /\bip\s+link\s+set\s+(dev\s+)?(?!lo\b)\S+\s+down\b/,
      [/\bifconfig\s+(?!lo\b)\S/, /\sdown(\s|$)/],
      /(^|\s)ifdown\s/,
      /\bip\s+route\s+(flush|del\s+default)\b/,
      /\bip\s+(addr|address|a)\s+flush\b/,
      /\bdisable-netadapter\b/,
      /\bip\s+link\s+(delete|del)\s+(dev\s+)?(?!lo\b)\S/,
      /\bnmcli\s+(networking\s+off|radio\s+all\s+off)\b/,
    ),
  },
  {
    id: 'G041',
    verdict: 'block',
    category: 'data_loss',
    reason: 'Removes or empties a crontab: every scheduled job of the user is gone',
    test: (normalized) =>
      anyCommand(
        [/(^|\s)crontab\s/, /\s-[a-z]*r[a-z]*(\s|$)/],
        /(^|\s)crontab\s+\/dev\/null\b/,
      )(normalized) ||
      anyPipeline(/^(echo|printf|true|:|cat\s+\/dev\/null)?\s*\|\s*crontab\s+-$/)(normalized),
  },
  {
    id: 'G042',
    verdict: 'block',
    category: 'security',
    reason:
      "Deletes a user or group, empties a password or sets root's: lock the account instead (usermod -L)",
    test: (normalized) =>
      anyCommand(
        /(^|\s)(userdel|deluser|groupdel|delgroup)\s/,
        [/(^|\s)passwd\s/, /\s(-d|--delete)(\s|$)/],
        /\bremove-(localuser|aduser|localgroup)\b/,
        [/\bnet\s+user\s/, /\s\/delete\b/],
      )(normalized) || anyPipeline([/\bchpasswd\b/, /(^|\s)root:/])(normalized),
  },
  {
    id: 'G043',
    verdict: 'block',
    category: 'destructive',
    reason: 'Overwrites, truncates or deletes a file the host or a database cannot run without',
    test: someCommand(overwritesCriticalFile),
  },
  {
    id: 'G044',
    verdict: 'block',
    category: 'destructive',
    reason: 'Moves a system or data directory away, or into /dev/null',
    test: someCommand(movesSystemAway),
  },
  {
    id: 'G045',
    verdict: 'block',
    category: 'data_loss',
    reason: 'Shreds files beyond recovery',
    test: anyCommand(/^(shred|srm)\s/, /^wipe\s+-/),
  },
  {
    id: 'G046',
    verdict: 'block',
    category: 'destructive',
    reason: 'Removes system packages',
    test: anyCommand(
      /(^|\s)(apt|apt-get|aptitude|yum|dnf|microdnf|zypper)\s+(-\S+\s+){0,4}(remove|purge|autoremove|erase|rm)(\s|$)/,
      [/(^|\s)rpm\s/, /\s(-e|--erase)(\s|$)/],
      [/(^|\s)dpkg\s/, /\s(-r|-p|--remove|--purge)(\s|$)/],
      /\bapk\s+del\b/,
      [/(^|\s)pacman\s/, /\s-r[a-z]*(\s|$)/],
      /\bsnap\s+remove\b/,
      /\b(choco|winget)\s+uninstall\b/,
    ),
  },
  {
    id: 'G047',
    verdict: 'block',
    category: 'destructive',
    reason: 'Deletes a system registry key',
    test: anyCommand(/\breg\s+delete\s+hk(lm|ey_local_machine|cr|ey_classes_root)/),
  },
];
