/** The integer and system part of the 0F opcode map; the rest is SIMD (simd.ts). */
import { Invalid, type Decoded, type Decoder } from './decoder.ts';
import { CC, R32, R64, ptrOf } from './names.ts';

const NOARGS: ReadonlyMap<number, string> = new Map([
  [0x05, 'syscall'],
  [0x06, 'clts'],
  [0x07, 'sysret'],
  [0x08, 'invd'],
  [0x09, 'wbinvd'],
  [0x0b, 'ud2'],
  [0x30, 'wrmsr'],
  [0x31, 'rdtsc'],
  [0x32, 'rdmsr'],
  [0x33, 'rdpmc'],
  [0x34, 'sysenter'],
  [0x35, 'sysexit'],
  [0x77, 'emms'],
  [0xa2, 'cpuid'],
]);

/** 0F 01 with a register ModRM: named system instructions. */
const GROUP7: ReadonlyMap<number, string> = new Map([
  [0xc8, 'monitor'],
  [0xc9, 'mwait'],
  [0xca, 'clac'],
  [0xcb, 'stac'],
  [0xd0, 'xgetbv'],
  [0xd1, 'xsetbv'],
  [0xd5, 'xend'],
  [0xd6, 'xtest'],
  [0xf8, 'swapgs'],
  [0xf9, 'rdtscp'],
]);

/** A "v"-sized register and r/m pair: `op reg,r/m` (or `op r/m,reg` when `store`). */
function regRm(d: Decoder, name: string, store = false): Decoded {
  d.readModrm();
  const s = d.vsize();
  const r = d.gpr(d.reg, s);
  const m = d.rm(s);
  return [name, store ? [m, r] : [r, m], 'normal'];
}

function group7(d: Decoder): Decoded {
  const b = d.peek();
  const named = b === undefined ? undefined : GROUP7.get(b);
  if (named) {
    d.i++;
    return [named, [], 'normal'];
  }
  d.readModrm();
  const name = ['sgdt', 'sidt', 'lgdt', 'lidt', 'smsw', '', 'lmsw', 'invlpg'][d.sub];
  if (!name) throw new Invalid();
  if (d.mod === 3) {
    if (name === 'smsw' || name === 'lmsw') return [name, [d.gpr(d.rmReg, name === 'smsw' ? d.vsize() : 2)], 'normal'];
    throw new Invalid();
  }
  const size = name === 'invlpg' ? 1 : name === 'smsw' || name === 'lmsw' ? 2 : 0;
  return [name, [d.memory(ptrOf(size), size)], 'normal'];
}

/** 0F AE: fences, FXSAVE/XSAVE state and MXCSR. */
function group15(d: Decoder): Decoded | null {
  const modrm = d.peek() ?? 0;
  if (d.rep === 'rep' && modrm >> 6 === 3 && ((modrm >> 3) & 7) === 5) {
    d.readModrm();
    return [d.w ? 'incsspq' : 'incsspd', [d.gpr(d.rmReg, d.w ? 8 : 4)], 'normal'];
  }
  if (d.rep) return null;
  d.readModrm();
  if (d.mod === 3) {
    const fence = ['', '', '', '', '', 'lfence', 'mfence', 'sfence'][d.sub];
    if (!fence) throw new Invalid();
    return [fence, [], 'normal'];
  }
  if (d.opsize) {
    if (d.sub === 6 || d.sub === 7) return [d.sub === 6 ? 'clwb' : 'clflushopt', [d.memory(ptrOf(1), 1)], 'normal'];
    throw new Invalid();
  }
  const name = ['fxsave', 'fxrstor', 'ldmxcsr', 'stmxcsr', 'xsave', 'xrstor', 'xsaveopt', 'clflush'][d.sub];
  if (d.sub === 2 || d.sub === 3) return [name, [d.memory(ptrOf(4), 4)], 'normal'];
  if (d.sub === 7) return [name, [d.memory(ptrOf(1), 1)], 'normal'];
  return [d.w ? `${name}64` : name, [d.memory('', 0)], 'normal'];
}

/** 0F C7: cmpxchg8b/16b, xsave forms, rdrand/rdseed. */
function group9(d: Decoder): Decoded {
  d.readModrm();
  if (d.mod === 3) {
    if (d.sub === 6 || d.sub === 7) return [d.sub === 6 ? 'rdrand' : 'rdseed', [d.gpr(d.rmReg, d.vsize())], 'normal'];
    throw new Invalid();
  }
  if (d.sub === 1) return d.w ? ['cmpxchg16b', [d.memory('oword ptr ', 16)], 'normal'] : ['cmpxchg8b', [d.memory(ptrOf(8), 8)], 'normal'];
  const name = ['', '', '', 'xrstors', 'xsavec', 'xsaves', '', ''][d.sub];
  if (!name) throw new Invalid();
  return [d.w ? `${name}64` : name, [d.memory('', 0)], 'normal'];
}

export function twoByte(d: Decoder, op: number): Decoded | null {
  if (op >= 0x80 && op <= 0x8f) {
    d.cc = op & 15;
    return [`j${CC[op & 15]}`, [d.rel(4)], 'jcc'];
  }
  if (op >= 0x90 && op <= 0x9f) {
    d.readModrm();
    d.cc = op & 15;
    return [`set${CC[op & 15]}`, [d.rm(1)], 'normal'];
  }
  if (op >= 0x40 && op <= 0x4f) {
    d.cc = op & 15;
    return regRm(d, `cmov${CC[op & 15]}`);
  }
  if (op >= 0xc8 && op <= 0xcf) return ['bswap', [d.opReg(op, d.w ? 8 : 4)], 'normal'];
  const noargs = NOARGS.get(op);
  if (noargs) return [noargs, [], 'normal'];
  switch (op) {
    case 0x00: {
      d.readModrm();
      const name = ['sldt', 'str', 'lldt', 'ltr', 'verr', 'verw', '', ''][d.sub];
      if (!name) throw new Invalid();
      return [name, [d.mod === 3 ? d.gpr(d.rmReg, d.sub < 2 ? d.vsize() : 2) : d.rm(2)], 'normal'];
    }
    case 0x01:
      return group7(d);
    case 0x0d: {
      d.readModrm();
      const name = ['prefetch', 'prefetchw', 'prefetchwt1'][d.sub];
      if (!name || d.mod === 3) throw new Invalid();
      return [name, [d.memory(ptrOf(1), 1)], 'normal'];
    }
    case 0x18: {
      d.readModrm();
      if (d.mod !== 3 && d.sub < 4) return [['prefetchnta', 'prefetcht0', 'prefetcht1', 'prefetcht2'][d.sub], [d.memory(ptrOf(1), 1)], 'normal'];
      return ['nop', [d.rm(d.vsize())], 'normal'];
    }
    case 0x1e:
      if (d.rep === 'rep' && (d.peek() === 0xfa || d.peek() === 0xfb)) return [d.byte() === 0xfa ? 'endbr64' : 'endbr32', [], 'normal'];
      d.readModrm();
      // CET shadow stack: rdssp reads the shadow-stack pointer.
      if (d.rep === 'rep' && d.mod === 3 && d.sub === 1) return [d.w ? 'rdsspq' : 'rdsspd', [d.gpr(d.rmReg, d.w ? 8 : 4)], 'normal'];
      return ['nop', [d.rm(d.vsize())], 'normal'];
    case 0x19:
    case 0x1a:
    case 0x1b:
    case 0x1c:
    case 0x1d:
    case 0x1f:
      if ((op === 0x1a || op === 0x1b) && (d.rep || d.opsize)) return null;
      d.readModrm();
      return ['nop', [d.rm(d.vsize())], 'normal'];
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23: {
      // mov to/from control and debug registers: the r/m is always a register of the mode's width.
      d.readModrm();
      const special = `${op & 1 ? 'dr' : 'cr'}${d.reg}`;
      const gpr = (d.mode32 ? R32 : R64)[d.rmReg];
      return ['mov', op < 0x22 ? [gpr, special] : [special, gpr], 'normal'];
    }
    case 0xa0:
    case 0xa1:
    case 0xa8:
    case 0xa9:
      return [op & 1 ? 'pop' : 'push', [op < 0xa8 ? 'fs' : 'gs'], 'normal'];
    case 0xa3:
      return regRm(d, 'bt', true);
    case 0xab:
      return regRm(d, 'bts', true);
    case 0xb3:
      return regRm(d, 'btr', true);
    case 0xbb:
      return regRm(d, 'btc', true);
    case 0xa4:
    case 0xa5:
    case 0xac:
    case 0xad: {
      d.readModrm();
      const s = d.vsize();
      const r = d.gpr(d.reg, s);
      const m = d.rm(s);
      const count = op & 1 ? 'cl' : d.immText(d.imm(1), 1);
      return [op < 0xac ? 'shld' : 'shrd', [m, r, count], 'normal'];
    }
    case 0xae:
      return group15(d);
    case 0xaf:
      return regRm(d, 'imul');
    case 0xb0:
    case 0xb1:
    case 0xc0:
    case 0xc1: {
      d.readModrm();
      const s = op & 1 ? d.vsize() : 1;
      const r = d.gpr(d.reg, s);
      return [op < 0xc0 ? 'cmpxchg' : 'xadd', [d.rm(s), r], 'normal'];
    }
    case 0xb6:
    case 0xb7:
    case 0xbe:
    case 0xbf: {
      d.readModrm();
      const r = d.gpr(d.reg, d.vsize());
      return [op < 0xb8 ? 'movzx' : 'movsx', [r, d.rm(op & 1 ? 2 : 1)], 'normal'];
    }
    case 0xb8:
      if (d.rep !== 'rep') throw new Invalid();
      return regRm(d, 'popcnt');
    case 0xba: {
      d.readModrm();
      if (d.sub < 4) throw new Invalid();
      const m = d.rm(d.vsize());
      return [['bt', 'bts', 'btr', 'btc'][d.sub - 4], [m, d.immText(d.imm(1), 1)], 'normal'];
    }
    case 0xbc:
      return regRm(d, d.rep === 'rep' ? 'tzcnt' : 'bsf');
    case 0xbd:
      return regRm(d, d.rep === 'rep' ? 'lzcnt' : 'bsr');
    case 0xc3: {
      d.readModrm();
      const s = d.w ? 8 : 4;
      const r = d.gpr(d.reg, s);
      if (d.mod === 3) throw new Invalid();
      return ['movnti', [d.rm(s), r], 'normal'];
    }
    case 0xc7:
      return group9(d);
    case 0xb9:
    case 0xff: {
      d.readModrm();
      const r = d.gpr(d.reg, 4);
      return [op === 0xb9 ? 'ud1' : 'ud0', [r, d.rm(4)], 'normal'];
    }
    default:
      return null;
  }
}
