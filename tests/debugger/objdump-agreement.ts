/**
 * Agreement of ntlab's x64 disassembler with GNU objdump on real
 * compiler-generated code: shared by tests/debugger/disasm-objdump.test.ts
 * and scripts/disasm-agreement.ts.
 *
 * Method: for each binary present, read the .text section's address, size and
 * file offset (`objdump -h`) and cut `windows` windows spread evenly over it.
 * All windows go, one after another, into one scratch file that a single
 * `objdump -D -b binary -m i386:x86-64 -M intel --insn-width=16` lists (raw
 * bytes: objdump need not load a 300 MB binary's symbols, and one process
 * serves the whole sample; every instruction's bytes sit on its own line).
 * ntlab decodes the same bytes at each address objdump lists, and the two are
 * compared on length and on normalised text, `total` instructions in all.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from '../../src/debugger/disasm.ts';

/** Binaries of a stock Debian 12 with chromium and binutils: C (glibc, libm's x87/SSE/AVX/FMA, binutils' libbfd, zlib), C++ (libstdc++, Chromium). */
export const BINARIES = [
  '/usr/lib/x86_64-linux-gnu/libc.so.6',
  '/usr/lib/x86_64-linux-gnu/libm.so.6',
  '/usr/lib/x86_64-linux-gnu/libstdc++.so.6',
  '/usr/lib/x86_64-linux-gnu/libbfd-2.40-system.so',
  '/usr/lib/x86_64-linux-gnu/libz.so.1',
  '/usr/lib/chromium/chromium',
];

export interface Listed {
  readonly address: bigint;
  readonly bytes: number[];
  readonly text: string;
}

export interface Mismatch {
  readonly file: string;
  readonly address: bigint;
  readonly bytes: string;
  readonly objdump: string;
  readonly ntlab: string;
}

export interface Agreement {
  readonly files: string[];
  instructions: number;
  sameLength: number;
  sameText: number;
  /** Instructions per class: integer, x87, SSE (legacy-encoded xmm/mm), AVX (VEX), invalid. */
  readonly classes: Record<InstructionClass, number>;
  readonly mismatches: Mismatch[];
}

export type InstructionClass = 'integer' | 'x87' | 'sse' | 'avx' | 'invalid';

/** The class of a normalised instruction text (x87 mnemonics are the ones starting with f). */
export function classOf(text: string): InstructionClass {
  if (text === '???') return 'invalid';
  if (/^v|ymm/.test(text) && /[xy]mm|^vzero|^vldmxcsr|^vstmxcsr/.test(text)) return 'avx';
  if (/\b(x?mm\d+)/.test(text)) return 'sse';
  if (/^f/.test(text)) return 'x87';
  return 'integer';
}

function run(args: string[]): string | null {
  const r = spawnSync('objdump', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : null;
}

/** Whether GNU objdump (binutils) is on the PATH; another objdump's syntax is not what the normaliser maps. */
export function objdumpAvailable(): boolean {
  return run(['--version'])?.startsWith('GNU objdump') ?? false;
}

/** The .text section's address, size and file offset, from `objdump -h`. */
export function textSection(file: string): { vma: bigint; size: bigint; offset: bigint } | null {
  const out = run(['-h', file]);
  const m = out && /^\s*\d+\s+\.text\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)/m.exec(out);
  return m ? { vma: BigInt(`0x${m[2]}`), size: BigInt(`0x${m[1]}`), offset: BigInt(`0x${m[3]}`) } : null;
}

/** `length` bytes of `file` from `offset`. */
function readBytes(file: string, offset: bigint, length: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(length);
    const n = readSync(fd, buf, 0, length, Number(offset));
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const LINE = /^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t?(.*)$/;

/** Where the scratch file is placed in the address space (any address works; both decoders see the same). */
const SCRATCH_BASE = 0x10000000n;

/** objdump's listing of `bytes` placed at SCRATCH_BASE (through a scratch file it removes). */
export function listing(bytes: Uint8Array, bits: 32 | 64 = 64): Listed[] {
  const dir = mkdtempSync(join(tmpdir(), 'ntlab-disasm-'));
  const path = join(dir, 'windows.bin');
  let out: string | null;
  try {
    writeFileSync(path, bytes);
    out = run([
      '-D',
      '-b',
      'binary',
      '-m',
      bits === 32 ? 'i386' : 'i386:x86-64',
      '-M',
      'intel',
      '--insn-width=16',
      `--adjust-vma=0x${SCRATCH_BASE.toString(16)}`,
      path,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!out) return [];
  const lines: Listed[] = [];
  for (const line of out.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    lines.push({
      address: BigInt(`0x${m[1]}`),
      bytes: m[2]
        .trim()
        .split(' ')
        .map((b) => Number.parseInt(b, 16)),
      text: m[3].trim(),
    });
  }
  return lines;
}

const REG_SIZE: Readonly<Record<string, string>> = { al: 'byte', ax: 'word', eax: 'dword', rax: 'qword' };
const CLMUL: Readonly<Record<string, string>> = { lqlq: '0', hqlq: '1', lqhq: '10', hqhq: '11' };

/**
 * Map objdump's Intel syntax onto WinDbg's, and both onto one canonical form:
 *  1. lower case; one space between mnemonic and operands;
 *  2. symbol annotations `<sym+0x10>` dropped; a RIP-relative operand `[rip+0x10]  # 4000` becomes its target `[4000]`;
 *  3. numbers in lower-case hex without prefix or suffix (`0x1f` and `1Fh` both become `1f`);
 *  4. `*1` index scales and `+0` displacements dropped (`[rax+rax*1+0x0]` is WinDbg's `[rax+rax]`);
 *  5. absolute operands `ds:0x10` become `[10]`, `gs:0x28` becomes `gs:[28]`; `movabs` is `mov` and its
 *     moffs operand gets the size of the accumulator (WinDbg: `mov rax,qword ptr [FFFFF78000000014h]`);
 *  6. WinDbg's `mmword ptr` (64-bit vector memory) is objdump's `qword ptr`; `oword` is `xmmword`;
 *  7. prefixes objdump spells out and WinDbg does not (`data16`, `notrack`, `bnd`, `rex.*`, `addr32`) dropped, and a
 *     segment prefix objdump prints as a word (`cs nop WORD PTR [..]`) moved into the memory operand (`cs:[..]`);
 *  8. string instructions without the implied `es:`/`ds:` and accumulator (`rep stos qword ptr [rdi]`), with
 *     `repz`/`repnz` as `repe`/`repne` (`rep` before non-comparing ones and `ret`);
 *  9. `int3` is `int 3`, `fwait` is `wait`, and in 64-bit code `pushf`/`popf`/`iret` are `pushfq`/`popfq`/`iretd`;
 *     objdump's `pclmullqhqdq` pseudo-names are `pclmulqdq` with an immediate; objdump's `riz` (no index) is dropped;
 * 10. objdump's `(bad)` is WinDbg's `???`.
 */
export function normalise(text: string, fromObjdump: boolean, bits: 32 | 64 = 64): string {
  let s = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (bits === 32) s = normalise32(s, fromObjdump);
  if (fromObjdump) {
    const rip = /#\s*(?:0x)?([0-9a-f]+)/.exec(s);
    s = s.replace(/ <[^>]*>/g, '').replace(/\s*#.*$/, '');
    if (rip) s = s.replace(/\[(?:rip|eip)[+-]0x[0-9a-f]+\]/, `[0x${rip[1]}]`);
    s = s.replace(/\b(?:data16|notrack|bnd|addr32|rex(?:\.[wrxb]+)?|xacquire|xrelease) /g, '');
    if (s.endsWith('(bad)') || s.startsWith('.byte')) return '???';
    const seg = /^(cs|ds|es|ss|fs|gs) (.*)$/.exec(s);
    if (seg) s = seg[2].includes('[') ? seg[2].replace('[', `${seg[1]}:[`) : seg[2];
    const moffs = /^movabs (al|ax|eax|rax),(\w\w):0x([0-9a-f]+)$/.exec(s) ?? /^movabs (\w\w):0x([0-9a-f]+),(al|ax|eax|rax)$/.exec(s);
    if (moffs) {
      s =
        moffs[1].endsWith('s') && moffs[1].length === 2
          ? `mov ${REG_SIZE[moffs[3]]} ptr ${moffs[1] === 'ds' ? '' : `${moffs[1]}:`}[0x${moffs[2]}],${moffs[3]}`
          : `mov ${moffs[1]},${REG_SIZE[moffs[1]]} ptr ${moffs[2] === 'ds' ? '' : `${moffs[2]}:`}[0x${moffs[3]}]`;
    }
    s = s.replace(/^movabs /, 'mov ');
    s = s.replace(/\bds:(0x[0-9a-f]+)/g, '[$1]').replace(/\b([cdefgs]s):(0x[0-9a-f]+)/g, '$1:[$2]');
    const str = /^(rep[a-z]* )?(stos|lods|scas|movs|cmps|ins|outs|xlat)\b ?(.*)$/.exec(s);
    if (str) {
      const ops = str[3]
        .replace(/\b[de]s:\[/g, '[')
        .split(',')
        .filter((o) => o.includes('['));
      const compares = str[2] === 'cmps' || str[2] === 'scas';
      const rep = !str[1] ? '' : str[1].startsWith('repn') ? 'repne ' : compares ? 'repe ' : 'rep ';
      s = `${rep}${str[2]} ${[...ops, ...(str[2] === 'ins' ? ['dx'] : [])].join(',')}`.trim();
      if (str[2] === 'outs') s = `${rep}outs dx,${ops.join(',')}`;
    }
    s = s
      .replace(/^repz ret/, 'rep ret')
      .replace(/^int3$/, 'int 3')
      .replace(/^fwait$/, 'wait');
    if (bits === 64) s = s.replace(/^pushf$/, 'pushfq').replace(/^popf$/, 'popfq');
    s = s.replace(/^iret$/, 'iretd');
    s = s.replace(/\+riz(\*\d)?/, '');
    const clmul = /^(v?)pclmul(lq|hq)(lq|hq)dq (.*)$/.exec(s);
    if (clmul) s = `${clmul[1]}pclmulqdq ${clmul[4]},${CLMUL[clmul[2] + clmul[3]]}`;
  } else {
    s = s.replace(/\bmmword ptr/g, 'qword ptr').replace(/\boword ptr/g, 'xmmword ptr');
  }
  s = s.replace(/\b0x([0-9a-f]+)\b/g, (_, h: string) => BigInt(`0x${h}`).toString(16));
  s = s.replace(/\b([0-9][0-9a-f]*)h\b/g, (_, h: string) => BigInt(`0x${h}`).toString(16));
  s = s.replace(/\*1\b/g, '').replace(/\+0\]/g, ']');
  return s.replace(/^(\S+) /, '$1 ').replace(/, /g, ',');
}

/**
 * 32-bit code, before the common rules: objdump's `pushf`/`popf`/`pusha`/`popa` are WinDbg's `pushfd`/`popfd`/`pushad`/
 * `popad`, and its 16-bit `pushaw`/`pushfw`/... WinDbg's `pusha`/`pushf`/...; WinDbg's absolute operand `ds:[00427310h]` is objdump's `ds:0x427310` (both become `[427310]`); objdump's
 * far pointer `0x8:0x80541234` is WinDbg's `0008:80541234`; objdump's `eiz` (no index) is dropped; objdump's moffs `mov eax,ds:0x411284` has no size, WinDbg's
 * `mov eax,dword ptr ds:[00411284h]` has the accumulator's.
 */
function normalise32(text: string, fromObjdump: boolean): string {
  let s = text;
  if (fromObjdump) {
    s = s
      .replace(/^mov (al|ax|eax),([cdefgs]s):/, (_, r: string, seg: string) => `mov ${r},${REG_SIZE[r]} ptr ${seg}:`)
      .replace(/^mov ([cdefgs]s):(0x[0-9a-f]+),(al|ax|eax)$/, (_, seg: string, a: string, r: string) => `mov ${REG_SIZE[r]} ptr ${seg}:${a},${r}`);
    s = s.replace(/\+eiz(\*\d)?/, '');
    s = s
      .replace(/^(push|pop)(f|a)(w?)$/, (_, op: string, kind: string, word: string) => `${op}${kind}${word ? '' : 'd'}`)
      .replace(/^(call|jmp) 0x([0-9a-f]+):0x([0-9a-f]+)$/, (_, m: string, sel: string, off: string) => `${m} ${sel.padStart(4, '0')}:${off.padStart(8, '0')}`);
    return s;
  }
  // WinDbg's eight-digit absolute `[D5B49CFFh]` (the common rule reads an h suffix only after a leading digit).
  return s.replace(/\bds:\[/g, '[').replace(/\[([0-9a-f]{8})h\]/g, (_, h: string) => `[${BigInt(`0x${h}`).toString(16)}]`);
}

const SYM = (a: bigint): string => a.toString(16);

interface Window {
  readonly file: string;
  /** The window's address in the binary. */
  readonly address: bigint;
  /** Its offset in the scratch file. */
  readonly offset: number;
  readonly length: number;
}

/** Cut `windows` windows from each binary, each large enough for its share of `total` instructions (and then some). */
function cut(files: string[], total: number, windows: number): { windows: Window[]; bytes: Uint8Array } {
  const cuts: Window[] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  // About 4 bytes an instruction in compiled x64: 8 per share leaves room for small binaries' shortfall.
  const span = BigInt(Math.ceil(total / Math.max(1, files.length) / windows) * 8);
  for (const file of files) {
    const text = textSection(file);
    if (!text) continue;
    const end = text.vma + text.size;
    for (let w = 0; w < windows; w++) {
      const start = (text.vma + (text.size * BigInt(w)) / BigInt(windows)) & ~15n;
      const next = w + 1 < windows ? (text.vma + (text.size * BigInt(w + 1)) / BigInt(windows)) & ~15n : end;
      const stop = start + span < next ? start + span : next;
      if (stop <= start) continue;
      const bytes = readBytes(file, text.offset + (start - text.vma), Number(stop - start));
      cuts.push({ file, address: start, offset, length: bytes.length });
      parts.push(bytes);
      // int3 padding to a 16-byte boundary keeps each window's listing apart.
      const padded = (bytes.length + 31) & ~15;
      parts.push(new Uint8Array(padded - bytes.length).fill(0xcc));
      offset += padded;
    }
  }
  const all = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return { windows: cuts, bytes: all };
}

/**
 * Compare ntlab's decoder with objdump over `total` instructions, shared out among the binaries present (a small
 * binary's shortfall goes to the ones after it), each cut into `windows` windows that do not overlap.
 */
export function measure(files: string[], total: number, windows: number, bits: 32 | 64 = 64): Agreement {
  const result: Agreement = {
    files: [],
    instructions: 0,
    sameLength: 0,
    sameText: 0,
    classes: { integer: 0, x87: 0, sse: 0, avx: 0, invalid: 0 },
    mismatches: [],
  };
  const present = files.filter((f) => existsSync(f));
  const { windows: cuts, bytes } = cut(present, total, windows);
  const lines = listing(bytes, bits);
  // Lines per window: those that start and end inside it.
  const byWindow = cuts.map(() => [] as Listed[]);
  let w = 0;
  for (const l of lines) {
    const off = Number(l.address - SCRATCH_BASE);
    while (w < cuts.length && off >= cuts[w].offset + cuts[w].length) w++;
    if (w < cuts.length && off >= cuts[w].offset && off + l.bytes.length <= cuts[w].offset + cuts[w].length) byWindow[w].push(l);
  }
  const measured = [...new Set(cuts.map((c) => c.file))];
  measured.forEach((file, n) => {
    result.files.push(file);
    const perFile = Math.ceil((total - result.instructions) / (measured.length - n));
    const mine = cuts.map((c, k) => [c, byWindow[k]] as const).filter(([c]) => c.file === file);
    let counted = 0;
    mine.forEach(([window, listed], k) => {
      // Each window takes an equal part of what this binary still owes.
      const perWindow = Math.ceil((perFile - counted) / (mine.length - k));
      // The first line may start inside an instruction and the last may be cut off by the window: skip both.
      for (let i = 1; i < listed.length - 1 && i <= perWindow && counted < perFile; i++) {
        const l = listed[i];
        const off = Number(l.address - SCRATCH_BASE);
        const ins = decode(bytes.subarray(off, Math.min(off + 15, window.offset + window.length)), l.address, SYM, bits);
        counted++;
        result.instructions++;
        const want = normalise(l.text, true, bits);
        const got = normalise(`${ins.mnemonic} ${ins.operands}`, false, bits);
        result.classes[classOf(want)]++;
        const lengthOk = ins.length === l.bytes.length || (want === '???' && ins.kind === 'invalid');
        if (lengthOk) result.sameLength++;
        if (lengthOk && want === got) result.sameText++;
        else {
          const address = window.address + BigInt(off - window.offset);
          result.mismatches.push({ file, address, bytes: l.bytes.map((b) => b.toString(16).padStart(2, '0')).join(''), objdump: want, ntlab: got });
        }
      }
    });
  });
  return result;
}
