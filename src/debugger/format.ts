/** Number and address formatting the way dbgeng prints them. */

export const MASK64 = (1n << 64n) - 1n;

/** Reduce to an unsigned 64-bit value. */
export function u64(v: bigint): bigint {
  return v & MASK64;
}

/** Interpret an unsigned 64-bit value as signed. */
export function s64(v: bigint): bigint {
  const x = u64(v);
  return x >= 1n << 63n ? x - (1n << 64n) : x;
}

/** Lower-case hex, zero-padded to `width` digits. */
export function hex(v: bigint | number, width = 0): string {
  const s = (typeof v === 'number' ? BigInt(v) : v).toString(16);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/** 64-bit address with the backtick: fffff880`0106f141. */
export function addr64(v: bigint): string {
  const s = hex(u64(v), 16);
  return `${s.slice(0, 8)}\`${s.slice(8)}`;
}

/** An address as the target's debugger prints it: eight digits on x86, fffff880`0106f141 on x64. */
export function addrFor(arch: 'x64' | 'x86', v: bigint): string {
  return arch === 'x86' ? hex(v & 0xffffffffn, 8) : addr64(v);
}

/** 16 hex digits, no backtick (registers, kdexts output). */
export function flat64(v: bigint): string {
  return hex(u64(v), 16);
}

/** dt style for pointer values: 0xfffff8a0`0d106d58. */
export function ptrValue(v: bigint): string {
  return `0x${addr64(v)}`;
}

/** dt style for 64-bit integers (_LARGE_INTEGER): 0x3f`00067e77, 0x0. */
export function quadValue(v: bigint): string {
  const x = u64(v);
  const hi = x >> 32n;
  const lo = x & 0xffffffffn;
  return hi === 0n ? `0x${hex(lo)}` : `0x${hex(hi)}\`${hex(lo, 8)}`;
}

/** dt style for unsigned values: bare 0-9, otherwise 0x… */
export function unsignedValue(v: bigint): string {
  return v >= 0n && v <= 9n ? v.toString() : `0x${hex(v)}`;
}

/** Disassembler immediate: 30h, 0FFFFFFFFFFFFFFFFh, 8. */
export function asmHex(v: bigint): string {
  if (v >= 0n && v <= 9n) return v.toString();
  const s = v.toString(16).toUpperCase();
  return (/^[A-F]/.test(s) ? '0' : '') + s + 'h';
}

/** Characters that print as themselves in dump columns. */
export function printable(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

/** Left-justify in `width`; if the text overflows, add one space. */
export function column(s: string, width: number): string {
  return s.length >= width ? s + ' ' : s + ' '.repeat(width - s.length);
}
