/**
 * Content no templated value may carry, whatever its param's pattern allows: shell metacharacters
 * that chain or substitute commands, control characters, path traversal, and URLs pointing at a
 * host the executor does not own. Checked on the value and on its percent-decoded form, so an
 * encoded `..%2f` is refused like `../`.
 */
const URL_LIKE = /(?:^|[^a-z0-9+.-])(?:[a-z][a-z0-9+.-]*:)?(?:\/\/|\\\\)([^/\\?#\s]*)/i;

export function findHostileContent(value: string, allowedHosts: readonly string[] = []): string | undefined {
  for (const form of forms(value)) {
    const reason = hostileReason(form, allowedHosts);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function forms(value: string): string[] {
  try {
    const decoded = decodeURIComponent(value);
    return decoded === value ? [value] : [value, decoded];
  } catch {
    return [value];
  }
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `value` is valid Unicode (no lone surrogate): what URL and JSON encoding need. */
export function isWellFormed(value: string): boolean {
  return !UNPAIRED_SURROGATE.test(value);
}

function hostileReason(value: string, allowedHosts: readonly string[]): string | undefined {
  if (!isWellFormed(value)) return 'is not valid Unicode';
  if (value.includes('\0')) return 'contains a NUL byte';
  if (/[\r\n]/.test(value)) return 'contains a newline';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(value)) return 'contains a control character';
  if (value.includes(';')) return 'contains `;`';
  if (value.includes('`')) return 'contains a backtick';
  if (value.includes('$(') || value.includes('${')) return 'contains a shell substitution';
  if (/(^|[/\\])\.\.([/\\]|$)/.test(value)) return 'contains a path traversal (`../`)';
  const host = URL_LIKE.exec(value)?.[1];
  if (host !== undefined) {
    const hostname = hostnameOf(host);
    if (!allowedHosts.some((allowed) => allowed.toLowerCase() === hostname))
      return `names a foreign host (${hostname || 'empty'})`;
  }
  return undefined;
}

/** `user:pass@Host:8080` → `host`; `[::1]:80` → `[::1]`. */
function hostnameOf(authority: string): string {
  const afterUser = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  if (afterUser.startsWith('[')) return afterUser.slice(0, afterUser.indexOf(']') + 1);
  const colon = afterUser.indexOf(':');
  return colon === -1 ? afterUser : afterUser.slice(0, colon);
}
