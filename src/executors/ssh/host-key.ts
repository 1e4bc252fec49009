import { createHash } from 'node:crypto';

/**
 * Whether the key a host presented (its wire-format blob) is the pinned one: a `SHA256:…`
 * fingerprint as `ssh-keygen -lf` prints it, or a public key line (`ssh-ed25519 AAAA… comment`).
 */
export function hostKeyMatches(pinned: string, presented: Buffer): boolean {
  if (pinned.startsWith('SHA256:')) return sha256Fingerprint(presented) === pinned.replace(/=+$/, '');
  const blob = pinned.split(/\s+/)[1];
  return blob !== undefined && Buffer.from(blob, 'base64').equals(presented);
}

export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
