import { inflateSync } from 'node:zlib';

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

export interface DecodedPng extends PngHeader {
  /** RGBA, 4 bytes a pixel. */
  pixels: Uint8Array;
}

const SIGNATURE = '89504e470d0a1a0a';

/** Width, height and pixel format from the IHDR chunk, which the PNG format requires to come first. */
export function pngHeader(png: Buffer): PngHeader {
  if (png.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('not a PNG file');
  if (png.toString('ascii', 12, 16) !== 'IHDR') throw new Error('IHDR is not the first chunk');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png.readUInt8(24), colorType: png.readUInt8(25) };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Pixels of an 8-bit RGBA, non-interlaced PNG (any row filter): what the icon checks need. */
export function decodeRgbaPng(png: Buffer): DecodedPng {
  const header = pngHeader(png);
  if (header.bitDepth !== 8 || header.colorType !== 6 || png.readUInt8(28) !== 0) throw new Error('only 8-bit RGBA, non-interlaced PNGs are decoded here');
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = header.width * 4;
  const pixels = new Uint8Array(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const left = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`row ${y}: unknown filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { ...header, pixels };
}
