/** The engine's UTF-8 codec (engine layers have no TextEncoder/TextDecoder) agrees with the platform's, byte for byte. */
import { describe, expect, it } from 'vitest';
import { utf8Bytes, utf8Decode } from '../../src/base/text.ts';

/** A small deterministic generator (tests are bounded by count, not time). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x;
  };
}

describe('utf8Decode', () => {
  it('decodes text, including astral characters, as TextDecoder does', () => {
    for (const t of ['', 'plain', 'Gr\u00fc\u00dfe \u20ac \u{1f600}', '\u0800\uffff\u{10ffff}']) {
      expect(utf8Decode(utf8Bytes(t))).toBe(t);
    }
  });

  it('turns each invalid sequence into U+FFFD exactly where TextDecoder does (overlong, surrogates, truncated, stray bytes)', () => {
    const cases = [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
      [0xf0, 0x9f, 0x98],
      [0x80, 0x41],
      [0xff, 0xe2, 0x82, 0xac],
    ];
    for (const c of cases) expect(utf8Decode(Uint8Array.from(c))).toBe(new TextDecoder().decode(Uint8Array.from(c)));
  });

  it('agrees with TextDecoder on 3,000 random byte strings', () => {
    const next = lcg(7);
    for (let n = 0; n < 3000; n++) {
      const len = next() % 24;
      const bytes = new Uint8Array(len);
      for (let i = 0; i < len; i++) {
        const r = next();
        // Bias towards UTF-8's interesting bytes: leads, continuations, ASCII.
        bytes[i] = r % 3 === 0 ? 0x80 + ((r >>> 8) % 0x40) : r % 3 === 1 ? 0xc0 + ((r >>> 8) % 0x40) : (r >>> 8) % 0x100;
      }
      expect(utf8Decode(bytes)).toBe(new TextDecoder().decode(bytes));
    }
  });
});
