import { literalOutput } from './producers.js';
import { UNSEEN } from './unseen.js';

/** Innermost `$(…)` or backticks; bounded so a hostile step stays linear. */
const SUBSTITUTION = /\$\(([^()]{0,2048})\)|`([^`]{0,2048})`/g;
/** `$(echo $(echo rm))` resolves from the inside out; deeper nesting adds nothing. */
const MAX_ROUNDS = 4;

export interface Expanded {
  /** The step with each substitution replaced by its output, or by UNSEEN. */
  text: string;
  /** The commands inside substitutions, to be checked as commands of their own. */
  inner: string[];
}

/**
 * Command substitutions replaced by what they print when that is a literal (`$(printf 'rm')` is
 * `rm`, `` `echo /` `` is `/`), otherwise by UNSEEN; either way the command inside is kept to be checked.
 */
export function expandSubstitutions(text: string): Expanded {
  const inner: string[] = [];
  let current = text;
  for (let round = 0; round < MAX_ROUNDS && (current.includes('$(') || current.includes('`')); round++) {
    const next = current.replace(SUBSTITUTION, (_, dollar?: string, backtick?: string) => {
      const command = dollar ?? backtick ?? '';
      inner.push(command);
      return literalOutput(command) ?? UNSEEN;
    });
    if (next === current) break;
    current = next;
  }
  return { text: current, inner };
}
