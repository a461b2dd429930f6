/**
 * `!dh [-f|-s|-a] Address`: the headers of the image mapped at Address (a
 * module name is its base), read from the target's memory: the MZ header's
 * e_lfanew, the PE file header, the optional header with its data directories,
 * and the section table. `-f` prints the file and optional headers, `-s` the
 * section headers, `-a` (the default) both; `-h` prints the usage.
 */
import { caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { hex } from '../format.ts';
import { timestampText } from './modules.ts';

const USAGE = [
  'Usage: dh [options] address',
  '',
  'Dumps headers from an image based at address.',
  '',
  'Options:',
  '',
  '   -a      Dump everything',
  '   -f      Dump file headers',
  '   -s      Dump section headers',
];

const FILE_FLAGS: readonly [number, string][] = [
  [0x0001, 'Relocations stripped'],
  [0x0002, 'Executable'],
  [0x0004, 'Line numbers stripped'],
  [0x0008, 'Symbols stripped'],
  [0x0010, 'Aggressively trim working set'],
  [0x0020, 'App can handle >2gb addresses'],
  [0x0080, 'Bytes reversed'],
  [0x0100, '32 bit word machine'],
  [0x0200, 'Debug information stripped'],
  [0x0400, 'Removable run from swap'],
  [0x0800, 'Net run from swap'],
  [0x1000, 'System'],
  [0x2000, 'DLL'],
  [0x4000, 'Uniprocessor only'],
  [0x8000, 'Bytes reversed'],
];

const DLL_FLAGS: readonly [number, string][] = [
  [0x0020, 'High entropy VA supported'],
  [0x0040, 'Dynamic base'],
  [0x0080, 'Force integrity'],
  [0x0100, 'NX compatible'],
  [0x0200, 'No isolation'],
  [0x0400, 'No structured exception handler'],
  [0x0800, 'Do not bind'],
  [0x1000, 'App container'],
  [0x2000, 'WDM Driver'],
  [0x4000, 'Guard'],
  [0x8000, 'Terminal server aware'],
];

const SECTION_FLAGS: readonly [number, string][] = [
  [0x20, 'Code'],
  [0x40, 'Initialized Data'],
  [0x80, 'Uninitialized Data'],
  [0x02000000, 'Discardable'],
  [0x04000000, 'Not Cached'],
  [0x08000000, 'Not Paged'],
  [0x10000000, 'Shared'],
];

const DIRECTORIES = [
  'Export',
  'Import',
  'Resource',
  'Exception',
  'Security',
  'Base Relocation',
  'Debug',
  'Description',
  'Special',
  'Thread Storage',
  'Load Configuration',
  'Bound Import',
  'Import Address Table',
  'Delay Import',
  'COR20 Header',
  'Reserved',
];

const MACHINES = new Map<number, string>([
  [0x8664, 'X64'],
  [0x14c, 'i386'],
  [0x200, 'IA64'],
]);
const SUBSYSTEMS = new Map<number, string>([
  [1, 'Native'],
  [2, 'Windows GUI'],
  [3, 'Windows CUI'],
  [5, 'OS/2 CUI'],
  [7, 'POSIX CUI'],
  [9, 'Windows CE GUI'],
  [10, 'EFI Application'],
]);

/** A little-endian reader over bytes read from the target. */
class Bytes {
  private readonly b: Uint8Array;
  constructor(b: Uint8Array) {
    this.b = b;
  }
  u8(at: number): number {
    return this.b[at];
  }
  u16(at: number): number {
    return this.b[at] | (this.b[at + 1] << 8);
  }
  u32(at: number): number {
    return (this.u16(at) | (this.u16(at + 2) << 16)) >>> 0;
  }
  u64(at: number): bigint {
    return BigInt(this.u32(at)) | (BigInt(this.u32(at + 4)) << 32n);
  }
  text(at: number, n: number): string {
    let s = '';
    for (let i = 0; i < n && this.b[at + i] !== 0; i++) s += String.fromCharCode(this.b[at + i]);
    return s;
  }
}

const X = (v: number | bigint): string => hex(v).toUpperCase().padStart(8);
const version = (major: number, minor: number): string => `${String(major).padStart(5)}.${String(minor).padStart(2, '0')}`;
const flagLines = (value: number, table: readonly [number, string][], indent: number): string[] =>
  table.filter(([bit]) => (value & bit) !== 0).map(([, name]) => ' '.repeat(indent) + name);

/** The headers as read: null when the image's first bytes are not there or are not an image. */
interface Headers {
  readonly file: Bytes;
  readonly optional: Bytes;
  readonly sections: Bytes;
  readonly count: number;
  readonly optionalSize: number;
}

/** Whether `bytes` were read and begin with `magic`. */
function begins(bytes: Uint8Array | null, magic: readonly number[]): bytes is Uint8Array {
  return bytes !== null && magic.every((b, i) => bytes[i] === b);
}

function readHeaders(c: CommandContext, base: bigint): Headers | null {
  const t = c.session.target;
  const dos = t.read(base, 0x40);
  if (!begins(dos, [0x4d, 0x5a])) return null; // MZ
  const lfanew = new Bytes(dos).u32(0x3c);
  if (lfanew > 0x10000000) return null;
  const nt = t.read(base + BigInt(lfanew), 24);
  if (!begins(nt, [0x50, 0x45, 0, 0])) return null; // PE\0\0
  const file = new Bytes(nt.subarray(4));
  const count = file.u16(2);
  const optionalSize = file.u16(16);
  const optional = t.read(base + BigInt(lfanew + 24), Math.max(optionalSize, 0xf0));
  const sections = t.read(base + BigInt(lfanew + 24 + optionalSize), count * 40);
  if (!optional || !sections) return null;
  return { file, optional: new Bytes(optional), sections: new Bytes(sections), count, optionalSize };
}

function fileHeader(h: Headers): string[] {
  const f = h.file;
  const machine = f.u16(0);
  const characteristics = f.u16(18);
  return [
    `File Type: ${characteristics & 0x2000 ? 'DLL' : 'EXECUTABLE IMAGE'}`,
    'FILE HEADER VALUES',
    `${X(machine)} machine (${MACHINES.get(machine) ?? 'Unknown'})`,
    `${X(h.count)} number of sections`,
    `${X(f.u32(4))} time date stamp ${timestampText(f.u32(4))}`,
    '',
    `${X(f.u32(8))} file pointer to symbol table`,
    `${X(f.u32(12))} number of symbols`,
    `${X(h.optionalSize)} size of optional header`,
    `${X(characteristics)} characteristics`,
    ...flagLines(characteristics, FILE_FLAGS, 12),
  ];
}

function optionalHeader(h: Headers): string[] {
  const o = h.optional;
  const plus = o.u16(0) === 0x20b;
  // PE32+ drops BaseOfData and widens ImageBase and the four stack and heap sizes.
  const wide = (at32: number, at64: number): bigint => (plus ? o.u64(at64) : BigInt(o.u32(at32)));
  const shift = plus ? 16 : 0;
  const dllFlags = o.u16(70);
  const directories = o.u32(92 + shift);
  const out = [
    'OPTIONAL HEADER VALUES',
    `${X(o.u16(0))} magic #`,
    `${version(o.u8(2), o.u8(3))} linker version`,
    `${X(o.u32(4))} size of code`,
    `${X(o.u32(8))} size of initialized data`,
    `${X(o.u32(12))} size of uninitialized data`,
    `${X(o.u32(16))} address of entry point`,
    `${X(o.u32(20))} base of code`,
    '         ----- new -----',
    `${hex(wide(28, 24), plus ? 16 : 8)} image base`,
    `${X(o.u32(32))} section alignment`,
    `${X(o.u32(36))} file alignment`,
    `${X(o.u16(68))} subsystem (${SUBSYSTEMS.get(o.u16(68)) ?? 'Unknown'})`,
    `${version(o.u16(40), o.u16(42))} operating system version`,
    `${version(o.u16(44), o.u16(46))} image version`,
    `${version(o.u16(48), o.u16(50))} subsystem version`,
    `${X(o.u32(56))} size of image`,
    `${X(o.u32(60))} size of headers`,
    `${X(o.u32(64))} checksum`,
    `${hex(wide(72, 72), plus ? 16 : 8)} size of stack reserve`,
    `${hex(plus ? o.u64(80) : BigInt(o.u32(76)), plus ? 16 : 8)} size of stack commit`,
    `${hex(plus ? o.u64(88) : BigInt(o.u32(80)), plus ? 16 : 8)} size of heap reserve`,
    `${hex(plus ? o.u64(96) : BigInt(o.u32(84)), plus ? 16 : 8)} size of heap commit`,
    `${X(dllFlags)}  DLL characteristics`,
    ...flagLines(dllFlags, DLL_FLAGS, 12),
  ];
  DIRECTORIES.forEach((name, i) => {
    const at = 96 + shift + i * 8;
    const present = i < directories && at + 8 <= h.optionalSize;
    out.push(`${X(present ? o.u32(at) : 0)} [${X(present ? o.u32(at + 4) : 0)}] address [size] of ${name} Directory`);
  });
  return out;
}

function sectionHeaders(h: Headers): string[] {
  const out: string[] = [];
  for (let i = 0; i < h.count; i++) {
    const s = h.sections;
    const at = i * 40;
    const flags = s.u32(at + 36);
    const align = (flags >>> 20) & 0xf;
    const access = [flags & 0x20000000 ? 'Execute' : '', flags & 0x40000000 ? 'Read' : '', flags & 0x80000000 ? 'Write' : ''].filter((x) => x !== '');
    const accessLine = access.length === 1 ? `${access[0]} Only` : access.join(' ');
    if (i > 0) out.push('');
    out.push(
      `SECTION HEADER #${hex(i + 1).toUpperCase()}`,
      `${s.text(at, 8).padStart(8)} name`,
      `${X(s.u32(at + 8))} virtual size`,
      `${X(s.u32(at + 12))} virtual address`,
      `${X(s.u32(at + 16))} size of raw data`,
      `${X(s.u32(at + 20))} file pointer to raw data`,
      `${X(s.u32(at + 24))} file pointer to relocation table`,
      `${X(s.u32(at + 28))} file pointer to line numbers`,
      `${X(s.u16(at + 32))} number of relocations`,
      `${X(s.u16(at + 34))} number of line numbers`,
      `${X(flags)} flags`,
      ...flagLines(flags, SECTION_FLAGS, 9),
      `         ${align === 0 ? '(no align specified)' : `${1 << (align - 1)} byte align`}`,
    );
    if (accessLine !== '') out.push(`         ${accessLine}`);
  }
  return out;
}

/** Apply one option word; false: not an option dh knows. */
function option(word: string, show: { file: boolean; sections: boolean }): boolean {
  const o = word.length === 2 ? word[1].toLowerCase() : '';
  if (o !== 'a' && o !== 'f' && o !== 's') return false;
  if (o === 'a' || o === 'f') show.file = true;
  if (o === 'a' || o === 's') show.sections = true;
  return true;
}

export const dh: KdCommand = {
  verbs: ['!dh'],
  run(c) {
    const show = { file: false, sections: false };
    // Options may come before or after the address; they are blanked out of the line the address is read from.
    const line = c.line;
    const parts: string[] = [];
    let kept = 0;
    let at = c.argsStart;
    while (at < line.length) {
      at = skipBlanks(line, at);
      const from = at;
      while (at < line.length && line[at] !== ' ' && line[at] !== '\t') at++;
      const second = line[from + 1] ?? '';
      if (line[from] !== '-' || !(second === '?' || second.toLowerCase() !== second.toUpperCase())) continue;
      const word = line.slice(from, at);
      if (!option(word, show)) {
        // -h, -? or an option dh does not know: the usage.
        c.out.push(...USAGE);
        return word === '-h' || word === '-?';
      }
      parts.push(line.slice(kept, from), '  ');
      kept = at;
    }
    parts.push(line.slice(kept));
    const masked = parts.join('');
    const i = skipBlanks(masked, c.argsStart);
    if (i >= masked.length) {
      c.out.push(...USAGE);
      return false;
    }
    const mc: CommandContext = { ...c, line: masked };
    return guarded(mc, () => {
      const a = c.session.evaluate(masked, i);
      const j = skipBlanks(masked, a.end);
      if (j < masked.length) return caretError(mc, j, 'Syntax');
      if (!show.file && !show.sections) {
        show.file = true;
        show.sections = true;
      }
      noteAddress(c, a.value);
      const h = readHeaders(c, a.value);
      if (!h) {
        c.out.push("Can't read file header: error == 0");
        return false;
      }
      c.out.push('');
      if (show.file) c.out.push(...fileHeader(h), '', ...optionalHeader(h));
      if (show.file && show.sections) c.out.push('', '');
      if (show.sections) c.out.push(...sectionHeaders(h));
      return true;
    });
  },
};
