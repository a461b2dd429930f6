/**
 * ntlab's x64 disassembler against GNU objdump on real compiler-generated
 * code from this machine's binaries (method and normalisation in
 * objdump-agreement.ts). Skipped, installing nothing, when objdump is absent.
 */
import { describe, expect, it } from 'vitest';
import { BINARIES, measure, objdumpAvailable } from './objdump-agreement.ts';

const available = objdumpAvailable();
if (!available) console.warn('disasm-objdump: GNU objdump (binutils) is not on PATH; skipping the agreement test.');

describe.skipIf(!available)('agreement with GNU objdump', () => {
  it('decodes 120,000 instructions of real x64 code with the same length and text in at least 99.5% of them', () => {
    const r = measure(BINARIES, 120_000, 8);
    expect(r.files.length).toBeGreaterThan(0);
    expect(r.instructions).toBeGreaterThanOrEqual(100_000);
    const worst = r.mismatches.slice(0, 20).map((m) => `${m.bytes}: objdump '${m.objdump}' ntlab '${m.ntlab}'`);
    expect(r.sameLength / r.instructions, worst.join('\n')).toBeGreaterThanOrEqual(0.999);
    expect(r.sameText / r.instructions, worst.join('\n')).toBeGreaterThanOrEqual(0.995);
    // The sample has vector and x87 code, not only integer code.
    expect(r.classes.sse).toBeGreaterThan(1000);
    expect(r.classes.avx).toBeGreaterThan(100);
    expect(r.classes.x87).toBeGreaterThan(100);
  }, 0);
});
