import { anyCommand, anyPipeline, pipesInto, someCommand } from './match.js';
import type { GuardRule } from './types.js';

/** `terraform plan -destroy` only shows what would go. */
function destroysInfrastructure(command: string): boolean {
  if (/\b(terraform|tofu|terragrunt)\b/.test(command)) {
    if (/\splan(\s|$)/.test(command)) return false;
    return /\s-{0,2}destroy(\s|=|$)/.test(command) || /\s(state\s+rm|workspace\s+delete)\s/.test(command);
  }
  return (
    (/\bpulumi\b/.test(command) && /\s(destroy|down)(\s|$)|\sstack\s+rm\b/.test(command)) ||
    /\bcdk\s+destroy\b/.test(command) ||
    /\b(serverless|sls)\s+remove\b/.test(command)
  );
}

/** An instance of an auto scaling group that keeps its size is replaced, not lost. */
function deletesAwsResources(command: string): boolean {
  if (!/\baws\s/.test(command)) return false;
  const replacesInstance =
    /\sterminate-instance-in-auto-scaling-group\s/.test(command) &&
    /\s--no-should-decrement-desired-capacity\b/.test(command);
  return !replacesInstance && /\s((delete|terminate|purge)-[a-z]|schedule-key-deletion\b)/.test(command);
}

const DOCKER_REMOVES = /\bdocker\s+(container\s+|image\s+)?(rm|rmi|kill|stop)\b/;
/** `docker ps -aq`, `docker images -q`: every container or image, no filter. */
const DOCKER_LISTS_ALL = /\bdocker\s+(ps|images|container\s+ls|image\s+ls)(\s+-[a-z]+)*\s*$/;
const DOCKER_LISTS_ALL_INLINE = /\$\(\s?docker\s+(ps|images|container\s+ls|image\s+ls)(\s+-[a-z]+)*\s*\)/;

export const INFRA_RULES: readonly GuardRule[] = [
  {
    id: 'G048',
    verdict: 'block',
    category: 'destructive',
    reason: 'Terminates or deletes cloud resources (instances, clusters, databases, tables, keys, projects)',
    test: (normalized) =>
      someCommand(deletesAwsResources)(normalized) ||
      anyCommand(
        [/\bgcloud\s/, /\s(delete|destroy)(\s|$)/],
        [/(^|\s)az\s/, /\s(delete|purge|delete-batch)(\s|$)/],
        [/\b(eksctl|doctl)\s/, /\sdelete(\s|$)/],
        /\bheroku\s+apps:destroy\b/,
        /\bremove-vm\b/,
        /\bvirsh\s+undefine\b/,
      )(normalized),
  },
  {
    id: 'G049',
    verdict: 'block',
    category: 'destructive',
    reason: 'Destroys infrastructure managed as code (terraform, pulumi, cdk, serverless)',
    test: someCommand(destroysInfrastructure),
  },
  {
    id: 'G050',
    verdict: 'block',
    category: 'destructive',
    reason: 'Removes, kills or stops every container or image on the host',
    test: (normalized) =>
      anyPipeline([DOCKER_REMOVES, DOCKER_LISTS_ALL_INLINE])(normalized) ||
      pipesInto(DOCKER_LISTS_ALL, DOCKER_REMOVES)(normalized) ||
      anyCommand([
        /\bpodman\s+(container\s+|image\s+)?(rm|rmi|kill|stop)\b/,
        /\s(-[a-z]*a[a-z]*|--all)(\s|$)/,
      ])(normalized),
  },
];
