/** Reading 32-bit values and counted strings from an x86 target. */
import { fromLe } from '../memory.ts';
import type { Target } from '../target.ts';

/** The dword at `at`; null when it cannot be read. */
export function read32(t: Target, at: bigint): bigint | null {
  const b = t.read(at, 4);
  return b ? fromLe(b) : null;
}

/** A _UNICODE_STRING (x86 layout: Length, MaximumLength, Buffer at +4) at `at`; null when unreadable. */
export function readUnicode(t: Target, at: bigint): string | null {
  const len = t.read(at, 2);
  const buf = read32(t, at + 4n);
  if (!len || buf === null) return null;
  const b = t.read(buf, len[0] | (len[1] << 8));
  if (!b) return null;
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
  return s;
}
