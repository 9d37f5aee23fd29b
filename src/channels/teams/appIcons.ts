import { encodePng, type Rgba } from './pngIcon';
import { blankImage, circle, fill, minus, rect, roundedRect, triangle, union, type Shape } from './raster';

/** The app's accent colour: the color icon's background and the manifest's accentColor. */
export const ACCENT_COLOR = '#1A5FB4';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

const WHITE: Rgba = [255, 255, 255, 255];
const ACCENT: Rgba = [0x1a, 0x5f, 0xb4, 255];
/** Three call outcomes at a glance: reached, retry later, needs fixing. */
const STATUS_DOTS: readonly Rgba[] = [
  [0x2e, 0xa0, 0x43, 255],
  [0xe5, 0xa5, 0x0a, 255],
  [0xd1, 0x34, 0x38, 255],
];

/** Shapes are drawn on a 32-unit grid and scaled to the icon's size. */
type Scaled = (units: number) => number;

function speechBubble(u: Scaled, [x0, y0, x1, y1]: readonly number[], radius: number): Shape {
  const tail = triangle([u(x0 + 5), u(y1 - 1)], [u(x0 + 5), u(y1 + 6)], [u(x0 + 11), u(y1 - 1)]);
  return union(roundedRect(u(x0), u(y0), u(x1), u(y1), u(radius)), tail);
}

/** 192x192: a white speech bubble holding three status dots, on the accent colour. */
export function colorIconPng(size = COLOR_ICON_SIZE): Buffer {
  const u: Scaled = (units) => (units * size) / 32;
  const image = blankImage(size, size);
  fill(image, rect(0, 0, size, size), ACCENT);
  fill(image, speechBubble(u, [5, 7, 27, 22], 4), WHITE);
  STATUS_DOTS.forEach((color, i) => fill(image, circle(u(10.5 + i * 5.5), u(14.5), u(2.2)), color));
  return encodePng(image);
}

/** 32x32: the same bubble as a white outline with white dots, on transparency (Teams tints it). */
export function outlineIconPng(size = OUTLINE_ICON_SIZE): Buffer {
  const u: Scaled = (units) => (units * size) / 32;
  const image = blankImage(size, size);
  const outer = speechBubble(u, [3, 5, 29, 23], 5);
  const inner = roundedRect(u(5), u(7), u(27), u(21), u(3));
  fill(image, minus(outer, inner), WHITE);
  for (let i = 0; i < 3; i++) fill(image, circle(u(10 + i * 6), u(14), u(2.2)), WHITE);
  return encodePng(image);
}
