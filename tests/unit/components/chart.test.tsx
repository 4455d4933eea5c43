import uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import { axisSizeFor, formatAxisNumber, formatAxisRub, yAxis } from '../../../components/chart';

/** A monospace stand-in for the canvas: 7 px a character at pixel ratio 1, as a 12 px system font roughly is. */
const measure = (text: string) => text.length * 7;

/** The parts of a uPlot instance the y axis's size reads: its axes and a canvas context that measures text. */
function fakePlot(font = '12px system-ui') {
  const fonts: string[] = [];
  const ctx = {
    set font(f: string) {
      fonts.push(f);
    },
    measureText: (text: string) => ({ width: measure(text) * uPlot.pxRatio }),
  };
  return { u: { axes: [{}, { font: [font, 12] }], ctx } as unknown as uPlot, fonts };
}

describe('the daily chart’s y axis', () => {
  it('labels in Russian digit groups, and money with ₽', () => {
    expect(formatAxisNumber(1_250_000).replace(/\s/g, ' ')).toBe('1 250 000');
    expect(formatAxisRub(1_250_000).replace(/\s/g, ' ')).toBe('1 250 000 ₽');
    expect(formatAxisRub(0)).toBe('0 ₽');
    const axis = yAxis(formatAxisRub);
    const values = axis.values as (u: uPlot, splits: (number | null)[]) => string[];
    expect(values({} as uPlot, [0, 500_000, null, 1_250_000]).map((v) => v.replace(/\s/g, ' '))).toEqual([
      '0 ₽',
      '500 000 ₽',
      '',
      '1 250 000 ₽',
    ]);
  });

  it('is as wide as its widest label plus ticks and gap: «1 250 000 ₽» is not clipped', () => {
    const labels = ['0 ₽', '500 000 ₽', '1 000 000 ₽', '1 250 000 ₽'];
    const size = axisSizeFor(labels, measure);
    const widest = measure('1 250 000 ₽');
    // The old fixed 60 px left 45 px for labels after ticks (10) and gap (5): less than this label's 77 px.
    expect(60 - 15).toBeLessThan(widest);
    expect(size - 15).toBeGreaterThanOrEqual(widest);
    // Not wider than it needs to be.
    expect(size).toBeLessThanOrEqual(widest + 15 + 2);
  });

  it('grows with its labels and keeps a minimum for short ones', () => {
    expect(axisSizeFor(['0', '5', '10'], measure)).toBe(40);
    expect(axisSizeFor([], measure)).toBe(40);
    const sizes = ['100 000', '1 000 000', '10 000 000', '100 000 000 ₽'].map((l) => axisSizeFor([l], measure));
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
    expect(new Set(sizes).size).toBe(sizes.length);
  });

  it('uPlot’s size callback measures the formatted labels in the axis font, device pixels scaled back', () => {
    const { u, fonts } = fakePlot('600 12px system-ui');
    const axis = yAxis(formatAxisRub);
    const size = axis.size as (u: uPlot, values: string[], axisIdx: number, cycleNum: number) => number;
    const labels = ['0 ₽', '1 250 000 ₽'];
    expect(size(u, labels, 1, 0)).toBe(axisSizeFor(labels, measure));
    expect(fonts).toContain('600 12px system-ui');
    expect(size(u, [], 1, 0)).toBe(40);
  });
});
