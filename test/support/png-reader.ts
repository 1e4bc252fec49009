import { inflateSync } from 'node:zlib';

/** A deliberately separate CRC-32 (table-driven), so the encoder's checksums are checked, not echoed. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32Of(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface DecodedPng {
  width: number;
  height: number;
  chunkTypes: string[];
  /** Inflated IDAT: one filter byte then width × 4 bytes, per row. */
  scanlines: Buffer;
  pixel(x: number, y: number): [number, number, number, number];
}

/** Reads 8-bit RGBA, non-interlaced PNGs whose rows all use filter 0: what the chart encoder writes. */
export function readPng(png: Buffer): DecodedPng {
  if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw new Error('not a PNG signature');
  }
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    const type = typeAndData.subarray(0, 4).toString('ascii');
    if (crc32Of(typeAndData) !== png.readUInt32BE(offset + 8 + length)) throw new Error(`bad CRC in ${type}`);
    chunkTypes.push(type);
    if (type === 'IHDR') header = typeAndData.subarray(4);
    if (type === 'IDAT') idat.push(typeAndData.subarray(4));
    offset += 12 + length;
  }
  if (header === undefined) throw new Error('no IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  if (header[8] !== 8 || header[9] !== 6 || header[12] !== 0)
    throw new Error('not 8-bit RGBA, non-interlaced');
  const scanlines = inflateSync(Buffer.concat(idat));
  const stride = 1 + width * 4;
  return {
    width,
    height,
    chunkTypes,
    scanlines,
    pixel(x, y) {
      if (scanlines[y * stride] !== 0) throw new Error(`row ${y} uses a filter this reader does not undo`);
      const at = y * stride + 1 + x * 4;
      return [scanlines[at] ?? -1, scanlines[at + 1] ?? -1, scanlines[at + 2] ?? -1, scanlines[at + 3] ?? -1];
    },
  };
}
