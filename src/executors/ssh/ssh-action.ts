import { z } from 'zod';

/**
 * An SSH step: one command line from the runbook, where each `{{param}}` becomes one shell-quoted
 * argument. `check` is read-only and doubles as the dry run.
 */
const commandLine = z.string().min(1).max(2000);

export const sshActionTemplateSchema = z.object({
  kind: z.literal('ssh'),
  command: commandLine,
  check: commandLine.optional(),
  rollback: commandLine.optional(),
});

export interface SshAction {
  kind: 'ssh';
  command: string;
  check?: string;
  rollback?: string;
}
