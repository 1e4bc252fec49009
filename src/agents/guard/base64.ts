/** Runs of the base64 alphabet long enough to hide a command: "rm -rf /" encodes to 12 characters. */
export const BASE64_RUN = /[A-Za-z0-9+/]{8,}={0,2}/g;

const PRINTABLE = /^[\t\n\r\x20-\x7e]+$/;

/**
 * The decoded text when `token` is base64 of printable ASCII (or of its UTF-16LE, as PowerShell's
 * `-EncodedCommand` takes it), otherwise null (most words decode to bytes). Shorter texts than `minLength`
 * are ignored unless asked for: a stray word decodes to a few printable bytes too often.
 */
export function decodePrintableBase64(token: string, minLength = 4): string | null {
  const unpadded = token.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return null;
  const bytes = Buffer.from(unpadded, 'base64');
  if (isUtf16Ascii(bytes)) {
    const wide = bytes.toString('utf16le');
    if (PRINTABLE.test(wide)) return wide;
  }
  const text = bytes.toString('latin1');
  return text.length >= minLength && PRINTABLE.test(text) ? text : null;
}

/** UTF-16LE of ASCII: every second byte is zero. PowerShell's `-EncodedCommand` is base64 of this. */
function isUtf16Ascii(bytes: Buffer): boolean {
  if (bytes.length < 8 || bytes.length % 2 === 1) return false;
  for (let i = 1; i < bytes.length; i += 2) if (bytes[i] !== 0) return false;
  return true;
}
