import { z } from 'zod';

export const ACTION_KINDS = [
  'restart',
  'rollback_config',
  'rollback_deploy',
  'scale_up',
  'clear_cache',
  'failover',
  'increase_pool',
  'free_disk',
  'manual',
] as const;
export const ActionKind = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof ActionKind>;

export const Risk = z.enum(['low', 'medium', 'high']);
export type Risk = z.infer<typeof Risk>;

/** Which fixer applies an action during remediation. */
export const FixerKind = z.enum(['compute', 'config', 'storage', 'network', 'human', 'runbook']);
export type FixerKind = z.infer<typeof FixerKind>;

export interface RunbookEntry {
  kind: ActionKind;
  title: string;
  risk: Risk;
  blastRadius: string;
  rollback: string;
  fixer: FixerKind;
  /** Rolled out instance by instance, canary first. */
  perInstance: boolean;
}

export const RUNBOOK: Readonly<Record<ActionKind, RunbookEntry>> = {
  restart: {
    kind: 'restart',
    title: 'Rolling restart',
    risk: 'low',
    blastRadius: 'one instance at a time',
    rollback: 'none needed: instances come back on the same version',
    fixer: 'compute',
    perInstance: true,
  },
  rollback_config: {
    kind: 'rollback_config',
    title: 'Roll back to the last known-good config',
    risk: 'medium',
    blastRadius: 'every instance of the service',
    rollback: 're-apply the current config revision',
    fixer: 'config',
    perInstance: true,
  },
  rollback_deploy: {
    kind: 'rollback_deploy',
    title: 'Roll back to the previous release',
    risk: 'medium',
    blastRadius: 'every instance of the service',
    rollback: 'redeploy the current release',
    fixer: 'compute',
    perInstance: true,
  },
  scale_up: {
    kind: 'scale_up',
    title: 'Scale out by 50 %',
    risk: 'low',
    blastRadius: 'adds capacity, no restarts',
    rollback: 'scale back to the previous replica count',
    fixer: 'compute',
    perInstance: false,
  },
  clear_cache: {
    kind: 'clear_cache',
    title: 'Flush the hot keys',
    risk: 'medium',
    blastRadius: 'cold cache: a short load spike on the database',
    rollback: 'none: the cache refills on read',
    fixer: 'storage',
    perInstance: false,
  },
  failover: {
    kind: 'failover',
    title: 'Fail over to the standby',
    risk: 'high',
    blastRadius: 'all traffic of the service moves to the standby',
    rollback: 'fail back to the primary once healthy',
    fixer: 'network',
    perInstance: false,
  },
  increase_pool: {
    kind: 'increase_pool',
    title: 'Raise the connection pool limit',
    risk: 'low',
    blastRadius: 'more connections on the database',
    rollback: 'restore the previous pool size',
    fixer: 'config',
    perInstance: true,
  },
  free_disk: {
    kind: 'free_disk',
    title: 'Rotate logs and purge temp files',
    risk: 'low',
    blastRadius: 'log history older than 7 days',
    rollback: 'none: only rotated logs and temp files are removed',
    fixer: 'storage',
    perInstance: false,
  },
  manual: {
    kind: 'manual',
    title: 'Manual step',
    risk: 'medium',
    blastRadius: 'as described',
    rollback: 'as described',
    fixer: 'human',
    perInstance: false,
  },
};
