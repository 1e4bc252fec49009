/** Runs of the base64 alphabet long enough to hide a command: "rm -rf /" encodes to 12 characters. */
export const BASE64_RUN = /[A-Za-z0-9+/]{8,}={0,2}/g;

const PRINTABLE = /^[\t\n\r\x20-\x7e]+$/;

/** The decoded text when `token` is base64 of printable ASCII, otherwise null (most words decode to bytes). */
export function decodePrintableBase64(token: string): string | null {
  const unpadded = token.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return null;
  const text = Buffer.from(unpadded, 'base64').toString('latin1');
  return text.length >= 4 && PRINTABLE.test(text) ? text : null;
}
