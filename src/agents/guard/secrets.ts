import { anyCommand } from './match.js';
import type { GuardRule } from './types.js';

/** A credential shape and how to show it: `mask` keeps the capture groups that say what kind it is. */
interface SecretShape {
  pattern: RegExp;
  mask: string;
}

interface CredentialKind {
  id: string;
  reason: string;
  shapes: readonly SecretShape[];
}

/** A value that refers to a secret rather than holding it: `$DB_PASSWORD`, `<redacted>`, `****`, `{{ x }}`. */
const NOT_A_REFERENCE = '(?![$<*{\\s])';

const CREDENTIAL_KINDS: readonly CredentialKind[] = [
  {
    id: 'G027',
    reason: 'Contains an AWS access key',
    shapes: [{ pattern: /\b(akia|asia)[0-9a-z]{16}\b/i, mask: '$1****' }],
  },
  {
    id: 'G028',
    reason: 'Contains a Slack token',
    shapes: [{ pattern: /\b(xox[abprse]-|xapp-)[0-9a-z-]{10,}/i, mask: '$1****' }],
  },
  {
    id: 'G029',
    reason: 'Contains a GitHub token',
    shapes: [
      { pattern: /\b(gh[pousr]_)[0-9a-z]{30,}/i, mask: '$1****' },
      { pattern: /\b(github_pat_)[0-9a-z_]{20,}/i, mask: '$1****' },
    ],
  },
  {
    id: 'G030',
    reason: 'Contains a private key',
    shapes: [{ pattern: /(-----begin [a-z ]{0,20}private key( block)?-----)[^-]*/i, mask: '$1****' }],
  },
  {
    id: 'G031',
    reason: 'Contains a password or secret',
    shapes: [
      {
        pattern: new RegExp(
          `((password|passwd|pwd|secret|secret_access_key|api_?key|access_?token|auth_?token|client_?secret)\\s*[=:]\\s*)${NOT_A_REFERENCE}\\S{3,}`,
          'i',
        ),
        mask: '$1****',
      },
      { pattern: new RegExp(`(--password[=\\s])${NOT_A_REFERENCE}\\S+`, 'i'), mask: '$1****' },
      { pattern: new RegExp(`((with|encrypted) password\\s+)${NOT_A_REFERENCE}\\S+`, 'i'), mask: '$1****' },
      { pattern: new RegExp(`(identified by\\s+)${NOT_A_REFERENCE}\\S+`, 'i'), mask: '$1****' },
    ],
  },
  {
    id: 'G032',
    reason: 'Contains a password in a URL',
    shapes: [{ pattern: /(\/\/[^\s:@/]+:)[^\s@/]+(@)/i, mask: '$1****$2' }],
  },
  {
    id: 'G033',
    reason: 'Contains a bearer or basic-auth token',
    shapes: [
      { pattern: /(bearer\s+)(?![$<{])[a-z0-9._~+/-]{16,}=*/i, mask: '$1****' },
      { pattern: /(authorization:\s*basic\s+)[a-z0-9+/]{8,}=*/i, mask: '$1****' },
    ],
  },
  {
    id: 'G034',
    reason: 'Contains a JSON Web Token',
    shapes: [{ pattern: /\b(eyj)[a-z0-9_-]{8,}\.eyj[a-z0-9_-]{8,}\.[a-z0-9_-]{8,}/i, mask: '$1****' }],
  },
];

export const CREDENTIAL_RULES: readonly GuardRule[] = CREDENTIAL_KINDS.map((kind) => ({
  id: kind.id,
  verdict: 'block',
  category: 'credentials',
  reason: kind.reason,
  test: anyCommand(...kind.shapes.map((shape) => shape.pattern)),
}));

const MASKS = CREDENTIAL_KINDS.flatMap((kind) => kind.shapes).map((shape) => ({
  everywhere: new RegExp(shape.pattern.source, `${shape.pattern.flags}g`),
  mask: shape.mask,
}));

/**
 * Long opaque runs may be an encoded secret (a lowercased base64 secret is still easy to recover) or
 * an unrecognised key, so excerpts hide them too.
 */
const OPAQUE_RUN = /[a-z0-9+/]{16,}={0,2}/gi;

/** Text safe to show people: every credential replaced by its kind and `****`. */
export function maskSecrets(text: string): string {
  const masked = MASKS.reduce((current, { everywhere, mask }) => current.replace(everywhere, mask), text);
  return masked.replace(OPAQUE_RUN, (run) => (looksEncoded(run) ? '****' : run));
}

/** Paths share the alphabet: `/var/lib/postgresql/14/main` stays readable, `cGFzc3dvcmQ9aHVudGVyMg==` does not. */
function looksEncoded(run: string): boolean {
  if (!/\d/.test(run)) return false;
  return !run.includes('/') || /[+=]/.test(run) || run.split('/').some((segment) => segment.length >= 16);
}
