import { anyCommand, anyPipeline, pipesInto, someCommand } from './match.js';
import { type Invocation, invocationsOf, isRecursive, type PathRisk, pathRisk } from './paths.js';
import type { GuardRule } from './types.js';

const OWNERSHIP_PROGRAMS = ['chmod', 'chown', 'chgrp'];
/** A switched-off value, unless prose goes on after it: `auth: false`, `--auth=none --port 1`, not "auth: none of the…". */
const OFF = '(false|0|no|off|none|disabled?)\\b(?! [a-z]+(\\s|$))';
/** A pipe stage that is a shell, `sudo` and a few of its flags allowed: `| sudo -e bash`. */
const SHELL_STAGE = /^(sudo\s+(-\S+\s+){0,4})?(ba|z|da|k)?sh\b/;

/** A mode that takes every permission away: `chmod 000 /` locks everyone, root's services included, out. */
const NO_PERMISSIONS = /^(0?000|a-rwx|ugo-rwx)$/;
/** A mode that takes execution away: `chmod -x /bin/chmod` leaves no way to put it back. */
const NO_EXECUTION = /^([ugoa]*-[rw]*x|0?[0-7]?[0246][0246][0246])$/;

const isBinary = (path: string) => /^\/(usr\/)?(local\/)?s?bin\//.test(path);

function reownsSystemPaths(command: string): boolean {
  return OWNERSHIP_PROGRAMS.some((program) => invocationsOf(command, program).some(breaksAccess));
}

function breaksAccess(run: Invocation): boolean {
  const touches = (...risks: PathRisk[]) => run.operands.some((path) => risks.includes(pathRisk(path)));
  if (isRecursive(run) && touches('system')) return true;
  if (run.operands.some((operand) => NO_PERMISSIONS.test(operand)) && touches('system', 'data')) return true;
  const removesExecution = run.flags.has('x') || run.operands.some((operand) => NO_EXECUTION.test(operand));
  return removesExecution && run.operands.some(isBinary);
}

const IPTABLES = /\bip6?tables(-legacy|-nft)?\s/;
/** What narrows an iptables rule to some traffic; a DROP with none of them drops everything. */
const IPTABLES_MATCH =
  /\s(-s|--source|-d|--destination|-p|--protocol|--dport|--sport|-m|--match|--in-interface|--out-interface)\s/;

function dropsAllTraffic(command: string): boolean {
  return IPTABLES.test(command) && /\s-j\s+(drop|reject)\b/.test(command) && !IPTABLES_MATCH.test(command);
}

const downloadIntoShell = pipesInto(/\b(curl|wget)\b/, SHELL_STAGE);
/** `bash <(curl …)`, `sh -c "$(curl …)"`, `source <(wget …)`, `eval "$(curl …)"`. */
const shellOfDownload = anyPipeline(
  /(\b(ba|z|da|k)?sh|\bsource|\beval|(^|\s)\.)\s+(-\S+\s+){0,4}(<\(|\$\()\s*(curl|wget)\b/,
);

const OPEN_WORLD = [/(^|[^\d.])0\.0\.0\.0\/0\b/, /(^|[\s=,:[])::\/0\b/];
const DENIES = /\b(deny|drop|reject|revoke)\b/;

export const SECURITY_RULES: readonly GuardRule[] = [
  {
    id: 'G018',
    verdict: 'block',
    category: 'security',
    reason: 'Makes files world-writable (chmod 777)',
    test: anyCommand([/\bchmod\b/, /\s(0?777|a\+rwx|ugo\+rwx|o\+rwx|o\+w|a\+w)(\s|$)/]),
  },
  {
    id: 'G019',
    verdict: 'block',
    category: 'security',
    reason:
      'Changes the owner or permissions of the root, a home or a system directory recursively, or takes all permissions away from one or from data',
    test: someCommand(reownsSystemPaths),
  },
  {
    id: 'G020',
    verdict: 'block',
    category: 'security',
    reason: 'Turns off TLS certificate verification',
    test: anyCommand(
      new RegExp(`verify[\\w-]{0,12}\\s*[=:]\\s*${OFF}`),
      /node_tls_reject_unauthorized\s*=\s*0/,
      /sslmode\s*=\s*disable\b/,
      /rejectunauthorized\s*[=:]\s*false\b/,
      /insecure-skip-tls-verify(?!\s*[=:]\s*false)/,
      /(^|\s)(--insecure|--no-check-certificate)(\s|=|$)/,
      [/^curl\b/, /\s-[a-z]*k[a-z]*(\s|$)/],
      /(^|[\s_-])(ssl|tls)\s*[=:]\s*(false|off|disabled?)\b/,
      /strict-?ssl\s*[=:]?\s*false\b/,
    ),
  },
  {
    id: 'G021',
    verdict: 'block',
    category: 'security',
    reason: 'Turns off authentication',
    test: anyCommand(
      new RegExp(`auth(entication|orization)?([_-](enabled|required|mode))?\\s*[=:]\\s*${OFF}`),
      /(^|\s)--no-?auth\b/,
      /(^|\s)--skip-grant-tables\b/,
      /\brequirepass$/,
      /\bprotected-mode\s+no\b/,
      /allow[_-]?anonymous\s*[=:]?\s*true\b/,
    ),
  },
  {
    id: 'G022',
    verdict: 'block',
    category: 'security',
    reason: 'Opens access to the whole internet (0.0.0.0/0 or ::/0)',
    test: someCommand((command) => OPEN_WORLD.some((cidr) => cidr.test(command)) && !DENIES.test(command)),
  },
  {
    id: 'G023',
    verdict: 'block',
    category: 'security',
    reason: 'Flushes, disables or locks down the firewall: the host is exposed, or cut off',
    test: (normalized) =>
      someCommand(dropsAllTraffic)(normalized) ||
      anyCommand(
        [IPTABLES, /\s(-f|--flush|-x|--delete-chain)(\s|$)/],
        [IPTABLES, /\s(-p|--policy)\s+(input|output|forward)\s+(drop|reject)\b/],
        /\bnft\s+(flush|delete)\s+(ruleset|table)\b/,
        /\bnft\s+(add|insert)\s+rule\s+\S+\s+\S+\s+\S+\s+(drop|reject)\s*$/,
        /\bufw\s+(--force\s+)?(disable|reset)\b/,
        /\bufw\s+deny\s+(in\s+)?(22|ssh)(\/tcp)?(\s|$)/,
        /\bufw\s+default\s+(deny|reject)\s+outgoing\b/,
        /\bsystemctl\s+(stop|disable|mask)(\s+--[a-z]+){0,3}\s+(firewalld|ufw|iptables|nftables)\b/,
        /\bfirewall-cmd\s+(--panic-on|--set-default-zone=?\s?(drop|block))\b/,
        /\bnetsh\s+advfirewall\s+set\s+\S+\s+state\s+off\b/,
        [/\bset-netfirewallprofile\b/, /\s-enabled\s+(\$?false|0)\b/],
      )(normalized),
  },
  {
    id: 'G024',
    verdict: 'block',
    category: 'security',
    reason: 'Turns off SELinux enforcement',
    test: anyCommand(/\bsetenforce\s+(0|permissive)\b/, /\bselinux\s*=\s*(disabled|permissive)\b/),
  },
  {
    id: 'G025',
    verdict: 'block',
    category: 'security',
    reason: 'Runs a script straight from the network (curl or wget into a shell)',
    test: (normalized) => downloadIntoShell(normalized) || shellOfDownload(normalized),
  },
  {
    id: 'G026',
    verdict: 'warn',
    category: 'security',
    reason: 'Runs an encoded payload: its decoded text was checked too, but hiding a command is a red flag',
    test: pipesInto(/\b(base64|xxd|openssl)\b/, SHELL_STAGE),
  },
  {
    id: 'G055',
    verdict: 'block',
    category: 'security',
    reason:
      'Too long or too convoluted to check in full: no remediation step needs that, split or simplify it',
    test: (normalized) => normalized.incomplete === true,
  },
];
