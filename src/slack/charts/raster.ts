/** A tiny RGBA canvas: just what a line chart needs (pixels, rectangles, thick and dashed lines). */

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..255; below 255 the colour is blended over what is already there. */
  a: number;
}

export function rgb(hex: string, alpha = 255): Rgba {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return { r: (value >> 16) & 0xff, g: (value >> 8) & 0xff, b: value & 0xff, a: alpha };
}

export interface Clip {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface LineStyle {
  width?: number;
  /** Pixels drawn then skipped, e.g. [6, 4]; solid when absent. */
  dash?: readonly [number, number];
}

export class Raster {
  readonly pixels: Uint8Array;
  private clip: Clip;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgba,
  ) {
    this.pixels = new Uint8Array(width * height * 4);
    this.clip = { left: 0, top: 0, right: width - 1, bottom: height - 1 };
    this.fillRect(0, 0, width, height, background);
  }

  /** Drawing outside the box is dropped until `clipTo()` is called again (with no box: the canvas). */
  clipTo(box?: Clip): void {
    this.clip = box ?? { left: 0, top: 0, right: this.width - 1, bottom: this.height - 1 };
  }

  pixel(x: number, y: number): Rgba {
    const at = (y * this.width + x) * 4;
    const [r = 0, g = 0, b = 0, a = 0] = this.pixels.subarray(at, at + 4);
    return { r, g, b, a };
  }

  plot(x: number, y: number, colour: Rgba): void {
    const px = Math.round(x);
    const py = Math.round(y);
    const { left, top, right, bottom } = this.clip;
    if (px < left || px > right || py < top || py > bottom) return;
    const at = (py * this.width + px) * 4;
    const alpha = colour.a / 255;
    const blend = (channel: number, value: number) =>
      Math.round(value * alpha + (this.pixels[at + channel] ?? 0) * (1 - alpha));
    this.pixels[at] = blend(0, colour.r);
    this.pixels[at + 1] = blend(1, colour.g);
    this.pixels[at + 2] = blend(2, colour.b);
    this.pixels[at + 3] = 255;
  }

  fillRect(x: number, y: number, width: number, height: number, colour: Rgba): void {
    for (let row = Math.round(y); row < Math.round(y + height); row += 1) {
      for (let column = Math.round(x); column < Math.round(x + width); column += 1) {
        this.plot(column, row, colour);
      }
    }
  }

  /** A vertical run of pixels from y1 to y2 inclusive (either order). */
  fillColumn(x: number, y1: number, y2: number, colour: Rgba): void {
    const from = Math.round(Math.min(y1, y2));
    const to = Math.round(Math.max(y1, y2));
    for (let y = from; y <= to; y += 1) this.plot(x, y, colour);
  }

  /** A straight line stepped one pixel at a time; each step paints a square `width` wide (opaque colours only: overlaps would blend twice). */
  line(x1: number, y1: number, x2: number, y2: number, colour: Rgba, style: LineStyle = {}): void {
    const width = style.width ?? 1;
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x2 - x1), Math.abs(y2 - y1))));
    const offset = Math.floor((width - 1) / 2);
    const [on, off] = style.dash ?? [1, 0];
    for (let step = 0; step <= steps; step += 1) {
      if (off > 0 && step % (on + off) >= on) continue;
      const x = Math.round(x1 + ((x2 - x1) * step) / steps) - offset;
      const y = Math.round(y1 + ((y2 - y1) * step) / steps) - offset;
      for (let dy = 0; dy < width; dy += 1)
        for (let dx = 0; dx < width; dx += 1) this.plot(x + dx, y + dy, colour);
    }
  }

  /** Joins the points with segments of the same style; the dash pattern restarts on each segment. */
  polyline(points: ReadonlyArray<readonly [number, number]>, colour: Rgba, style: LineStyle = {}): void {
    for (let index = 1; index < points.length; index += 1) {
      const [x1, y1] = points[index - 1] ?? [0, 0];
      const [x2, y2] = points[index] ?? [0, 0];
      this.line(x1, y1, x2, y2, colour, style);
    }
  }
}
