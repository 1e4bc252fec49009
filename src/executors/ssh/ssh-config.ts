import { z } from 'zod';
import { executorName, outputLimit, timeoutMs } from '../config-fields.js';
import { credentialRefSchema } from '../credentials.js';

/**
 * The host's key is pinned here, as OpenSSH prints it (`SHA256:…` from `ssh-keygen -lf`) or as
 * its public key line (`ssh-ed25519 AAAA…`): a host that shows another key is refused before any
 * credential is sent. There is no trust on first use.
 */
const SHA256_FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=?$/;
const PUBLIC_KEY_LINE = /^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+) [A-Za-z0-9+/]+={0,2}( .*)?$/;

export const sshExecutorConfigSchema = z.strictObject({
  name: executorName,
  kind: z.literal('ssh'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535).default(22),
  username: z.string().min(1),
  hostKey: z
    .string()
    .trim()
    .refine((key) => SHA256_FINGERPRINT.test(key) || PUBLIC_KEY_LINE.test(key), {
      message: 'the host key as `SHA256:…` (ssh-keygen -lf) or a public key line (ssh-ed25519 AAAA…)',
    }),
  credentials: z
    .object({ privateKey: credentialRefSchema, passphrase: credentialRefSchema.optional() })
    .strict(),
  timeoutMs: timeoutMs(60_000),
  outputLimit,
});
export type SshExecutorConfig = z.infer<typeof sshExecutorConfigSchema>;
