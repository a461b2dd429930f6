/**
 * ntlab's disassembler in 32-bit mode against GNU objdump (`-m i386`) on real
 * 32-bit Windows code: the MSVC-built launcher stubs (t32/w32.exe, cli-32/
 * gui-32.exe) that pip and setuptools ship, wherever a Python installation
 * holds them (method and normalisation in objdump-agreement.ts). Skipped when
 * objdump or every such binary is absent.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/debugger/disasm.ts';
import { listing, measure, normalise, objdumpAvailable } from './objdump-agreement.ts';

const STUBS = ['pip/_vendor/distlib/t32.exe', 'pip/_vendor/distlib/w32.exe', 'setuptools/cli-32.exe', 'setuptools/gui-32.exe'];

/** site-packages directories of pyenv's Pythons and the system's. */
function sitePackages(): string[] {
  const dirs = ['/usr/lib/python3/dist-packages'];
  const roots = [join(process.env.HOME ?? '/root', '.pyenv/versions'), '/root/.pyenv/versions'];
  for (const root of new Set(roots)) {
    if (!existsSync(root)) continue;
    for (const v of readdirSync(root)) {
      const lib = join(root, v, 'lib');
      if (!existsSync(lib)) continue;
      for (const py of readdirSync(lib)) if (py.startsWith('python')) dirs.push(join(lib, py, 'site-packages'));
    }
  }
  return dirs;
}

/** The distinct 32-bit stubs present (one copy of each identical file). */
function binaries32(): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  for (const dir of sitePackages()) {
    for (const stub of STUBS) {
      const file = join(dir, stub);
      if (!existsSync(file)) continue;
      const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
      if (seen.has(digest)) continue;
      seen.add(digest);
      found.push(file);
    }
  }
  return found;
}

const files = binaries32();
const hasObjdump = objdumpAvailable();
const available = hasObjdump && files.length > 0;
if (!available) console.warn('disasm-objdump32: no GNU objdump or no 32-bit Windows binary found; skipping the agreement test.');

describe.skipIf(!available)('agreement with GNU objdump in 32-bit mode', () => {
  it('decodes 20,000 instructions of real 32-bit code with the same length and text in at least 99.5% of them', () => {
    const r = measure(files, 20_000, 4, 32);
    expect(r.instructions).toBeGreaterThanOrEqual(Math.min(20_000, 5_000 * files.length));
    const worst = r.mismatches.slice(0, 30).map((m) => `${m.bytes}: objdump '${m.objdump}' ntlab '${m.ntlab}'`);
    expect(r.sameLength / r.instructions, worst.join('\n')).toBeGreaterThanOrEqual(0.999);
    expect(r.sameText / r.instructions, worst.join('\n')).toBeGreaterThanOrEqual(0.995);
  }, 0);
});

/** Opcodes compilers rarely emit but that 32-bit mode has and x64 lacks or reads otherwise, one after another. */
const LEGACY = [
  '40',
  '4f',
  '66 41',
  '06',
  '07',
  '0e',
  '16',
  '17',
  '1e',
  '1f',
  '27',
  '2f',
  '37',
  '3f',
  '60',
  '61',
  '66 60',
  '62 45 08',
  '63 c8',
  '82 c1 05',
  '82 7d 08 ff',
  '9a 34 12 54 80 08 00',
  'ea 00 00 00 80 1b 00',
  '9c',
  '9d',
  'ce',
  'c4 45 08',
  'c5 1e',
  'd4 0a',
  'd5 0a',
  'e3 02',
  '67 8b 07',
  '67 8b 46 fe',
  '67 8b 0e 34 12',
  'a1 18 00 00 00',
  '64 a1 18 00 00 00',
  '8b 0d 78 56 34 12',
  'ff 15 10 10 00 01',
  'ff d0',
  'ff 25 10 10 00 01',
  '50',
  '5d',
  '6a 08',
  '68 10 20 30 40',
  'ff 75 08',
  '8f 45 fc',
  '0f 22 d8',
  '0f 20 c0',
  'c4 e2 79 18 c1',
  'cf',
  '66 9c',
  '67 6c',
  '67 a5',
  '67 d7',
];

describe.skipIf(!hasObjdump)('32-bit-only opcodes against GNU objdump', () => {
  it('decodes each of them as objdump -m i386 does', () => {
    const parts = LEGACY.map((h) => Uint8Array.from(h.split(' ').map((b) => Number.parseInt(b, 16))));
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const listed = listing(bytes, 32);
    expect(listed.length).toBe(LEGACY.length);
    const base = listed[0].address;
    for (const l of listed) {
      const off = Number(l.address - base);
      const ins = decode(bytes.subarray(off, off + 15), l.address, (a) => a.toString(16), 32);
      const hex = l.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
      expect(ins.length, hex).toBe(l.bytes.length);
      expect(normalise(`${ins.mnemonic} ${ins.operands}`, false, 32), hex).toBe(normalise(l.text, true, 32));
    }
  });
});
