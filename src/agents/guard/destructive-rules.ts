import { anyCommand, anyPipeline, someCommand } from './match.js';
import { type Invocation, invocationsOf, isRecursive, type PathRisk, pathRisk } from './paths.js';
import { alwaysTrue } from './sql.js';
import type { GuardRule } from './types.js';
import { UNSEEN } from './unseen.js';

const removals = (command: string) => invocationsOf(command, 'rm');
const deletes = (invocation: Invocation, ...risks: PathRisk[]) =>
  invocation.operands.some((path) => risks.includes(pathRisk(path)));

const KUBE_STORAGE = new Set([
  'namespace',
  'namespaces',
  'ns',
  'pv',
  'pvc',
  'persistentvolume',
  'persistentvolumes',
  'persistentvolumeclaim',
  'persistentvolumeclaims',
  'volumesnapshot',
  'volumesnapshots',
  'all',
  ...[
    'deployment',
    'deployments',
    'deploy',
    'statefulset',
    'statefulsets',
    'sts',
    'daemonset',
    'daemonsets',
    'ds',
  ],
  ...[
    'service',
    'services',
    'svc',
    'node',
    'nodes',
    'no',
    'secret',
    'secrets',
    'storageclass',
    'storageclasses',
  ],
  ...['crd', 'crds', 'customresourcedefinition', 'customresourcedefinitions', 'sc'],
  ...['clusterrole', 'clusterroles', 'clusterrolebinding', 'clusterrolebindings', 'project', 'projects'],
]);
/** kubectl flags whose value is the next word. */
const KUBE_VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '-l',
  '--selector',
  '-o',
  '--output',
  '--context',
  '--cluster',
]);
/** Everything of a kind, everywhere, or whatever a manifest or kustomization lists. */
const KUBE_EVERYTHING = /^(--all|-a|--all-namespaces|-A|-f|--filename|-k|--kustomize)(=|$)/;

/** kubectl (or its usual alias k, or OpenShift's oc) deleting widely, or scaling every workload to zero. */
function kubectlDeletesWidely(command: string): boolean {
  const words = command.split(' ');
  if (!words.includes('kubectl') && !words.includes('oc') && words[0] !== 'k') return false;
  const scale = words.indexOf('scale');
  if (scale >= 0 && words.includes('--replicas=0') && words.some((word) => /^(--all|-a|-A)$/.test(word)))
    return true;
  const at = words.indexOf('delete');
  if (at < 0) return false;
  const args = words.slice(at + 1);
  if (resourceKind(args)?.startsWith(UNSEEN)) return true;
  return args.some(
    (word) => KUBE_EVERYTHING.test(word) || word.split(/[/,]/).some((kind) => KUBE_STORAGE.has(kind)),
  );
}

/** The first operand of `kubectl delete`: the kind, or `kind/name`; UNSEEN when a pipe or substitution supplies it. */
function resourceKind(args: readonly string[]): string | undefined {
  return args.find((arg, i) => !arg.startsWith('-') && !KUBE_VALUE_FLAGS.has(args[i - 1] ?? ''));
}

/** Force pushes, `+ref` refspecs, deleting a remote branch (`--delete`, `:ref`) or mirroring over a remote. */
function rewritesRemote(command: string): boolean {
  const words = command.split(' ');
  if (!words.includes('git') || !words.includes('push')) return false;
  return words.some(
    (word) =>
      ['-f', '-d', '--delete', '--mirror'].includes(word) ||
      word.startsWith('--force') ||
      /^[+:][^+:]/.test(word),
  );
}

/** `DELETE FROM t` ending there (or going on with RETURNING/USING), so "delete from cache the stale keys" is prose. */
const SQL_DELETE = /\bdelete\s+from\s+[\w.]+(\s*$|\s+(returning|using|as)\b|\s+--)/;
const SQL_DELETE_WHERE = /\bdelete\s+from\s+[\w.]+\s+where\s/;
const SQL_WHERE = /\bwhere\b/;

export const DESTRUCTIVE_RULES: readonly GuardRule[] = [
  {
    id: 'G001',
    verdict: 'block',
    category: 'destructive',
    reason: 'Recursive delete of the root, a home, a system or a data directory, or of targets it cannot see',
    test: someCommand((command) =>
      removals(command).some(
        (rm) =>
          isRecursive(rm) && (rm.flags.has('--no-preserve-root') || deletes(rm, 'system', 'data', 'unseen')),
      ),
    ),
  },
  {
    id: 'G002',
    verdict: 'block',
    category: 'data_loss',
    reason: 'Deletes backups or snapshots, the last way back',
    test: someCommand((command) => removals(command).some((rm) => deletes(rm, 'backup'))),
  },
  {
    id: 'G003',
    verdict: 'warn',
    category: 'destructive',
    reason: 'Recursive delete outside temp, cache and log directories: check the path',
    test: someCommand((command) =>
      removals(command).some((rm) => isRecursive(rm) && (rm.operands.length === 0 || deletes(rm, 'other'))),
    ),
  },
  {
    id: 'G004',
    verdict: 'block',
    category: 'data_loss',
    reason: 'Drops a table, database, schema, keyspace, column, user or role',
    test: anyCommand(
      /\bdrop\s+(table|database|schema|keyspace|owned\s+by)\b/,
      // A name and the end of the statement, so "drop user sessions older than a day" stays prose.
      /\bdrop\s+(user|role|tablespace|collection)\s+(if\s+exists\s+)?[\w.@%-]+\s*(;|$)/,
      /(^|\s)drop(db|user)\s/,
      /\.drop(database)?\(/,
      [/\balter\s+table\b/, /\sdrop\s+column\b/],
      [/\bmysqladmin\b/, /\sdrop\s/],
    ),
  },
  {
    id: 'G005',
    verdict: 'block',
    category: 'data_loss',
    reason: 'Truncates a table: every row is gone',
    test: anyCommand(
      /\btruncate\s+table\b/,
      /\btruncate\s+(only\s+)?[a-z_][\w.]*(\s*,\s*[a-z_][\w.]*)*(\s+(cascade|restrict|(restart|continue)\s+identity))*$/,
    ),
  },
  {
    id: 'G006',
    verdict: 'block',
    category: 'data_loss',
    reason: 'DELETE without a WHERE clause (or with one that is always true) removes every row',
    test: someCommand(
      (command) =>
        (SQL_DELETE.test(command) && !SQL_WHERE.test(command)) ||
        (SQL_DELETE_WHERE.test(command) && alwaysTrue(command)),
    ),
  },
  {
    id: 'G007',
    verdict: 'block',
    category: 'data_loss',
    reason: 'Wipes every key in Redis (or etcd, or Consul), not just the hot ones',
    test: anyCommand(
      /\bflush(all|db)\b/,
      [/\betcdctl\b/, /\sdel\s/, /\s--(prefix|from-key)\b/],
      [/\bconsul\s+kv\s+delete\b/, /\s-recurse\b/],
    ),
  },
  {
    id: 'G008',
    verdict: 'block',
    category: 'destructive',
    reason: 'Formats or wipes a filesystem, a partition table, a volume or a pool',
    test: anyCommand(
      /\b(mkfs(\.\w+)?|mke2fs|mkswap|wipefs|format-volume|clear-disk|initialize-disk)\b/,
      /(^|\s)(lvremove|vgremove|pvremove)\s/,
      /(^|\s)s?fdisk\s+(--delete\s+|--wipe\S*\s+)?\/dev\//,
      /\b(zpool|zfs)\s+destroy\b/,
      /\bbtrfs\s+subvolume\s+delete\b/,
      [/\bsgdisk\b/, /\s(-z|-o|--zap|--zap-all|--clear)(\s|$)/],
      [/\bparted\b/, /\s(rm|mklabel|mktable)\s/],
      /\bcryptsetup\s+(luksformat|erase|lukserase|lukskillslot|luksremovekey)\b/,
      [/\bmdadm\b/, /\s--zero-superblock\b/],
      [/\bhdparm\b/, /\s--security-erase\b/],
      /\bnvme\s+(format|sanitize)\b/,
      /(^|\s)format\s+[a-z]:/,
    ),
  },
  {
    id: 'G009',
    verdict: 'block',
    category: 'destructive',
    reason: 'dd writes raw bytes onto a device',
    test: anyCommand([/\bdd\b/, /\bof=\/dev\/(?!null\b|zero\b|stdout\b|stderr\b)/]),
  },
  {
    id: 'G010',
    verdict: 'block',
    category: 'destructive',
    reason: 'Overwrites or shreds a disk device',
    test: anyCommand(
      />\s*\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|mapper\/|md\d|dm-)/,
      [/\b(shred|blkdiscard)\b/, /\/dev\//],
      [/(^|\s)(cp|mv|tee|pv|install|ln)\s/, /\s\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|mapper\/|md\d|dm-)\S*$/],
    ),
  },
  {
    id: 'G011',
    verdict: 'block',
    category: 'destructive',
    reason:
      'kubectl delete of a namespace, volumes, workloads, nodes, secrets or everything of a kind, or scaling all to zero',
    test: someCommand(kubectlDeletesWidely),
  },
  {
    id: 'G012',
    verdict: 'block',
    category: 'destructive',
    reason: 'Uninstalls a Helm release with all its resources',
    test: anyCommand([/\bhelm\b/, /\s(uninstall|delete|del)\b/]),
  },
  {
    id: 'G013',
    verdict: 'block',
    category: 'data_loss',
    reason: 'Deletes cloud volumes, snapshots, backups or buckets',
    test: anyCommand(
      /\bdelete-(volume|snapshot|db-snapshot|db-cluster-snapshot|backup|backup-vault|recovery-point|db-instance|db-cluster|file-system|bucket)\b/,
      /\baws\s+s3\s+rb\b/,
      [/\baws\s+s3\s+rm\b/, /\s--recursive\b/],
      [/\bgsutil\b/, /\srm\b/, /\s-[a-z]*r[a-z]*\b/],
      [/\bgsutil\b/, /\srb\b/],
      [/\bgcloud\b/, /\s(disks|snapshots|backups|buckets)\s+delete\b/],
      [/\bgcloud\s+storage\s+rm\b/, /\s(-r|--recursive)\b/],
      /\baz\s+(disk|snapshot|backup\s+\S+)\s+delete\b/,
      /\b(docker|podman)\s+volume\s+(rm|prune)\b/,
      /\bpodman\s+system\s+reset\b/,
      [/\bdocker\s+system\s+prune\b/, /\s--volumes\b/],
      [/\bdocker(-|\s+)compose\b/, /\sdown\b/, /\s(-v|--volumes)(\s|$)/],
      [/\baws\s+rds\s/, /\s--backup-retention-period[=\s]0(\s|$)/],
      /\bvssadmin\s+delete\s+shadows\b/,
      /\bwmic\s+shadowcopy\s+delete\b/,
      /\bwbadmin\s+delete\b/,
    ),
  },
  {
    id: 'G014',
    verdict: 'block',
    category: 'destructive',
    reason:
      'Rewrites or deletes shared git history (force push, remote branch delete, mirror), or cleans untracked files',
    test: (normalized) =>
      someCommand(rewritesRemote)(normalized) || anyCommand([/\bgit\s+clean\b/, /\s-[a-z]*f/])(normalized),
  },
  {
    id: 'G015',
    verdict: 'block',
    category: 'destructive',
    reason: 'Powers the host off',
    test: anyCommand(
      /^(shutdown|halt|poweroff)\b/,
      /^systemctl\s+(poweroff|halt)\b/,
      /^(tel)?init\s+0$/,
      /^stop-computer\b/,
    ),
  },
  {
    id: 'G016',
    verdict: 'warn',
    category: 'destructive',
    reason: 'Reboots the whole host: prefer a rolling restart of the service',
    test: anyCommand(/^reboot\b/, /^systemctl\s+(reboot|kexec)\b/, /^(tel)?init\s+6$/),
  },
  {
    id: 'G017',
    verdict: 'block',
    category: 'destructive',
    reason: 'Fork bomb: exhausts the host',
    test: anyPipeline(/([\w:.]{1,20}) ?\( ?\) ?\{ ?\1 ?\| ?\1/),
  },
];
