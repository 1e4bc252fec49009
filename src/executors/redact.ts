/**
 * Masks an executor's secrets in any text it returns: the secret itself and the forms it travels in
 * (URL-encoded, JSON-escaped, and whatever extra forms the executor adds, such as a Basic header).
 */
export const MASK = '[redacted]';

export type Redact = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redact {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((masked, form) => masked.split(form).join(MASK), text);
}

export const DEFAULT_EXCERPT_LIMIT = 2000;

/** At most `limit` characters: the head and the tail, where errors usually are. */
export function excerpt(text: string, limit = DEFAULT_EXCERPT_LIMIT): string {
  if (text.length <= limit) return text;
  const half = Math.floor(limit / 2);
  const omitted = text.length - 2 * half;
  return `${text.slice(0, half)}\n… [${omitted} characters omitted] …\n${text.slice(text.length - half)}`;
}
