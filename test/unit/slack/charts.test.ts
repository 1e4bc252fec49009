import { describe, expect, it } from 'vitest';
import { CHART_COLOURS, layoutChart, renderSeriesChart } from '../../../src/slack/charts/index.js';
import { encodePng } from '../../../src/slack/charts/png.js';
import { readPng } from '../../support/png-reader.js';

const climbing = Array.from({ length: 30 }, (_, i) => 50 + i);
const forecast = {
  mean: Array.from({ length: 20 }, (_, i) => 80 + i),
  lower: Array.from({ length: 20 }, (_, i) => 80 + i - 2 - i * 0.3),
  upper: Array.from({ length: 20 }, (_, i) => 80 + i + 2 + i * 0.3),
};

function rgbOf(colour: { r: number; g: number; b: number }): [number, number, number, number] {
  return [colour.r, colour.g, colour.b, 255];
}

describe('PNG encoder', () => {
  it('writes valid chunks whose IDAT inflates to height × (1 + width × 4) bytes', () => {
    const pixels = new Uint8Array(3 * 2 * 4).fill(255);
    pixels.set([10, 20, 30, 255], (1 * 3 + 2) * 4);
    const png = readPng(encodePng(3, 2, pixels));
    expect(png.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([png.width, png.height]).toEqual([3, 2]);
    expect(png.scanlines).toHaveLength(2 * (1 + 3 * 4));
    expect(png.pixel(2, 1)).toEqual([10, 20, 30, 255]);
    expect(png.pixel(0, 0)).toEqual([255, 255, 255, 255]);
  });

  it('refuses a pixel buffer of the wrong size', () => {
    expect(() => encodePng(4, 4, new Uint8Array(10))).toThrow(RangeError);
  });
});

describe('renderSeriesChart', () => {
  it('renders a PNG of the requested size, 640 × 280 by default', () => {
    const png = readPng(renderSeriesChart({ series: climbing, stepMinutes: 1 }));
    expect([png.width, png.height]).toEqual([640, 280]);
    expect(png.scanlines).toHaveLength(280 * (1 + 640 * 4));
    const small = readPng(renderSeriesChart({ series: climbing, stepMinutes: 1, width: 320, height: 160 }));
    expect([small.width, small.height]).toEqual([320, 160]);
  });

  it('draws the threshold line in the threshold colour', () => {
    const options = { title: 'disk_pct storage', series: climbing, stepMinutes: 1, threshold: 95, forecast };
    const png = readPng(renderSeriesChart(options));
    const { plot, yOf } = layoutChart(options);
    const y = Math.round(yOf(95));
    for (const x of [plot.left + 4, Math.round((plot.left + plot.right) / 2)]) {
      expect(png.pixel(x, y), `x ${x}`).toEqual(rgbOf(CHART_COLOURS.threshold));
    }
    expect(png.pixel(plot.left + 4, y + 12)).not.toEqual(rgbOf(CHART_COLOURS.threshold));
  });

  it('draws the series, and the forecast dashed over its shaded band', () => {
    const options = { series: climbing, stepMinutes: 1, forecast };
    const png = readPng(renderSeriesChart(options));
    const { xOf, yOf } = layoutChart(options);
    expect(png.pixel(Math.round(xOf(10)), Math.round(yOf(60)))).toEqual(rgbOf(CHART_COLOURS.series));

    // forecast[k] is k + 1 steps after now (index 29).
    const column = Math.round(xOf(29 + 15));
    const colours = new Set<string>();
    for (
      let y = Math.round(yOf(forecast.upper[14] ?? 0));
      y <= Math.round(yOf(forecast.lower[14] ?? 0));
      y += 1
    ) {
      colours.add(png.pixel(column, y).join(','));
    }
    const background = rgbOf(CHART_COLOURS.background).join(',');
    expect(colours.has(background)).toBe(false);
    const dashes = Array.from({ length: 60 }, (_, i) => {
      const x = Math.round(xOf(35)) + i;
      const index = (x - xOf(29)) / (xOf(30) - xOf(29));
      return png.pixel(x, Math.round(yOf(79 + index))).join(',') === rgbOf(CHART_COLOURS.forecast).join(',');
    });
    // Dashed: some of the forecast line's pixels are forecast-coloured, some are gaps.
    expect(dashes.some(Boolean)).toBe(true);
    expect(dashes.every(Boolean)).toBe(false);
  });

  it('copes with empty, flat and gappy series', () => {
    for (const series of [[], [5], [7, 7, 7, 7], [1, Number.NaN, 3, 4]]) {
      const png = readPng(renderSeriesChart({ series, stepMinutes: 1, threshold: 10 }));
      expect([png.width, png.height]).toEqual([640, 280]);
    }
  });

  it('is deterministic', () => {
    const options = { title: 'api latency', series: climbing, stepMinutes: 1, threshold: 90, forecast };
    expect(renderSeriesChart(options).equals(renderSeriesChart(options))).toBe(true);
  });
});
