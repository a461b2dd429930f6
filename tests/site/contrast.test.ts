import { describe, expect, it } from 'vitest';
import { composite, contrastRatio, parseColor } from './contrast.ts';

describe('contrast arithmetic used by the browser tests', () => {
  it('parses the colour forms Chromium computes', () => {
    expect(parseColor('rgb(27, 29, 33)')).toEqual([27, 29, 33, 1]);
    expect(parseColor('rgba(0, 0, 0, 0.5)')).toEqual([0, 0, 0, 0.5]);
    expect(parseColor('color(srgb 1 0.5 0 / 0.45)')).toEqual([255, 127.5, 0, 0.45]);
    expect(parseColor('oklch(0.5 0.1 200)')).toBeNull();
  });
  it('gives the WCAG ratios of known pairs', () => {
    expect(contrastRatio([0, 0, 0, 1], [255, 255, 255, 1])).toBeCloseTo(21, 5);
    expect(contrastRatio([255, 255, 255, 1], [255, 255, 255, 1])).toBeCloseTo(1, 5);
    // #777 on white is the classic just-below-4.5 grey.
    expect(contrastRatio([0x77, 0x77, 0x77, 1], [255, 255, 255, 1])).toBeCloseTo(4.48, 2);
    // The old lab accent on the dark page background: the defect this guards against.
    expect(contrastRatio([0x2f, 0x7d, 0x32, 1], [0x15, 0x17, 0x1b, 1])).toBeLessThan(4.5);
  });
  it('composites a translucent colour over an opaque one', () => {
    expect(composite([0, 0, 0, 0.5], [255, 255, 255, 1])).toEqual([127.5, 127.5, 127.5, 1]);
    expect(composite([10, 20, 30, 1], [255, 255, 255, 1])).toEqual([10, 20, 30, 1]);
  });
});
