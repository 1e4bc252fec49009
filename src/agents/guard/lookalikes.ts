import { CONFUSABLES } from './confusables.js';

/** Invisible characters: zero-width spaces and joiners, bidi controls, soft hyphens, tag characters. */
const INVISIBLE = /\p{Cf}/gu;
/** Accents and other combining marks, once NFD has split them off their letters: `r̲m` runs nothing but reads `rm`. */
const COMBINING_MARK = /\p{M}/gu;
const HAS_NON_ASCII = /[^\t\n\r -~]/;
const NON_ASCII = /[^\t\n\r -~]/g;

/**
 * Text as it would read if every look-alike were the ASCII it imitates: NFKC (fullwidth and
 * mathematical letters), invisible characters and combining marks dropped, Cyrillic, Greek and small
 * capital look-alikes mapped. `rм -rf /` with a zero-width space inside `rm` reads `rm -rf /`.
 */
export function foldLookalikes(text: string): string {
  if (!HAS_NON_ASCII.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(INVISIBLE, '')
    .replace(COMBINING_MARK, '')
    .normalize('NFKC')
    .replace(NON_ASCII, (char) => CONFUSABLES[char] ?? char);
}
