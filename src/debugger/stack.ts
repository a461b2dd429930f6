/**
 * The x64 stack walker. Each frame is left through its function's unwind
 * data: a fixed frame (the return address sits just above it) or a trap
 * frame (rip and rsp come from the KTRAP_FRAME). Code with no unwind data is
 * treated as a leaf: the return address is at [rsp].
 */
import { fromLe } from './memory.ts';
import { moduleAt } from './symbols.ts';
import type { Target, UnwindInfo } from './target.ts';

export interface Frame {
  readonly ip: bigint;
  readonly sp: bigint;
  /** Return address; null when it cannot be read. */
  readonly ret: bigint | null;
  /** The four home-space qwords above the return address; null entries are unreadable. */
  readonly args: readonly (bigint | null)[];
  /** Address of the trap frame this function keeps, if any. */
  readonly trapFrame: bigint | null;
}

function readQ(target: Target, address: bigint): bigint | null {
  const b = target.read(address, 8);
  return b ? fromLe(b) : null;
}

function unwindFor(target: Target, ip: bigint): UnwindInfo | null {
  const m = moduleAt(target, ip);
  if (!m) return null;
  const rva = Number(ip - m.base);
  let best: { rva: number; info: UnwindInfo } | null = null;
  for (const [start, info] of m.unwind) if (start <= rva && (!best || start > best.rva)) best = { rva: start, info };
  if (!best) return null;
  // The unwind entry covers the function it was recorded for: stop at the next symbol.
  const next = m.symbols.find((s) => s.rva > best.rva);
  if (next && rva >= next.rva) return null;
  // At a function's first instruction its prologue has not run: the return address is at rsp.
  if (rva === best.rva && best.info.kind === 'frame') return { kind: 'frame', size: 0 };
  return best.info;
}

/** Walk from (ip, sp) for at most `max` frames. */
export function walkStack(target: Target, ip: bigint, sp: bigint, max: number): Frame[] {
  const frames: Frame[] = [];
  let curIp = ip;
  let curSp = sp;
  for (let n = 0; n < max; n++) {
    const info = unwindFor(target, curIp);
    let ret: bigint | null;
    let nextSp: bigint;
    let trapFrame: bigint | null = null;
    if (info?.kind === 'trap') {
      trapFrame = curSp + BigInt(info.offset);
      ret = readQ(target, trapFrame + 0x168n);
      nextSp = readQ(target, trapFrame + 0x180n) ?? curSp;
    } else {
      const size = info?.kind === 'frame' ? BigInt(info.size) : 0n;
      ret = readQ(target, curSp + size);
      nextSp = curSp + size + 8n;
    }
    const args = [0, 1, 2, 3].map((k) => readQ(target, nextSp + BigInt(k * 8)));
    frames.push({ ip: curIp, sp: curSp, ret, args, trapFrame });
    // The stack only grows upwards, except where a trap frame returns to the user-mode stack.
    const toUser = curSp >> 63n === 1n && nextSp >> 63n === 0n;
    if (ret === null || ret === 0n || (nextSp <= curSp && !toUser)) break;
    curIp = ret;
    curSp = nextSp;
  }
  return frames;
}
