/** Anything a reader cannot see: C0 but tab and newline, DEL, C1 (ESC among them), bidi controls. */
export function hasInvisible(text: string): boolean {
  return [...text].some((char) => {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20) return code !== 0x09 && code !== 0x0a;
    return (
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x061c ||
      code === 0x200e ||
      code === 0x200f ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    );
  });
}
