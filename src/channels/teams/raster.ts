import type { Rgba, RgbaImage } from './pngIcon';

/** A point-in-shape test in the image's own pixel coordinates. */
export type Shape = (x: number, y: number) => boolean;

const SAMPLES = 4;

export function blankImage(width: number, height: number): RgbaImage {
  return { width, height, pixels: new Uint8Array(width * height * 4) };
}

/** Paints a shape "over" what is there, anti-aliased by sampling each pixel SAMPLES x SAMPLES times. */
export function fill(image: RgbaImage, shape: Shape, [r, g, b, a]: Rgba): void {
  const { width, height, pixels } = image;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) if (shape(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)) hits++;
      }
      if (hits === 0) continue;
      const srcA = (a / 255) * (hits / (SAMPLES * SAMPLES));
      const i = (y * width + x) * 4;
      const dstA = pixels[i + 3] / 255;
      const outA = srcA + dstA * (1 - srcA);
      const mix = (src: number, dst: number): number => Math.round((src * srcA + dst * dstA * (1 - srcA)) / outA);
      pixels[i] = mix(r, pixels[i]);
      pixels[i + 1] = mix(g, pixels[i + 1]);
      pixels[i + 2] = mix(b, pixels[i + 2]);
      pixels[i + 3] = Math.round(outA * 255);
    }
  }
}

export const rect = (x0: number, y0: number, x1: number, y1: number): Shape => (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1;

export function roundedRect(x0: number, y0: number, x1: number, y1: number, radius: number): Shape {
  return (x, y) => {
    if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
    const dx = Math.max(x0 + radius - x, 0, x - (x1 - radius));
    const dy = Math.max(y0 + radius - y, 0, y - (y1 - radius));
    return dx * dx + dy * dy <= radius * radius;
  };
}

export const circle = (cx: number, cy: number, radius: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;

type Point = readonly [number, number];

export function triangle(a: Point, b: Point, c: Point): Shape {
  const side = (p: Point, q: Point, x: number, y: number): number => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  return (x, y) => {
    const s1 = side(a, b, x, y);
    const s2 = side(b, c, x, y);
    const s3 = side(c, a, x, y);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  };
}

export const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((shape) => shape(x, y));
export const minus = (shape: Shape, hole: Shape): Shape => (x, y) => shape(x, y) && !hole(x, y);
