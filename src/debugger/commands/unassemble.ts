/** `u`, `ub`, `uf`: disassembly. */
import { argsOf, caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import type { Instruction } from '../disasm.ts';
import { addrFor, u64 } from '../format.ts';
import { instructionAt, instructionLine, unreadableLine } from '../listing.ts';
import { parseRange } from '../range.ts';
import { formatSymbol, symbolAt } from '../symbols.ts';
import type { Target } from '../target.ts';

const DEFAULT_COUNT = 8;
/** The most instructions one command lists (the emulator's counterpart of WinDbg's range limit). */
const MAX_COUNT = 0x10000;

/** `module!func+0xNN:` for the first line, and at each exact symbol start after it. */
function header(target: Target, address: bigint, first: boolean): string | null {
  const hit = symbolAt(target, address);
  if (!hit) return null;
  if (!first && (hit.symbol === null || hit.offset !== 0n)) return null;
  return `${formatSymbol(target, address)}:`;
}

/** Print instructions from `start`; stops at `count` instructions or `end`. Returns where it stopped, or null after an error. */
function listFrom(c: CommandContext, start: bigint, count: number, end: bigint | null): bigint | null {
  const t = c.session.target;
  c.session.touchAddress(start);
  let a = start;
  for (let n = 0; end !== null ? a < end : n < count; n++) {
    const h = header(t, a, n === 0);
    if (h) c.out.push(h);
    const ins = instructionAt(t, a);
    if (!ins) {
      c.out.push(unreadableLine(a, t.arch));
      caretError(c, c.line.length - 1, 'Memory access');
      return null;
    }
    c.out.push(instructionLine(ins, t.arch));
    a = u64(a + BigInt(ins.length));
  }
  return a;
}

/** Instruction boundaries from `from` up to `to` (exclusive), or null if decoding does not land on `to`. */
function boundaries(t: Target, from: bigint, to: bigint): Instruction[] | null {
  const list: Instruction[] = [];
  let a = from;
  while (a < to) {
    const ins = instructionAt(t, a);
    if (!ins || ins.kind === 'invalid') return null;
    list.push(ins);
    a += BigInt(ins.length);
  }
  return a === to ? list : null;
}

/** The `count` instructions that end just before `address`. */
function before(t: Target, address: bigint, count: number): Instruction[] {
  const hit = symbolAt(t, address);
  if (hit?.symbol && hit.offset > 0n) {
    const fromStart = boundaries(t, address - hit.offset, address);
    if (fromStart && fromStart.length >= count) return fromStart.slice(-count);
  }
  // No function start to decode from: find, going backwards, the starts whose instructions land exactly
  // on `address` (each start's run is its instruction plus the run it lands on), and take the longest,
  // preferring the one that starts further back.
  const runs = new Map<bigint, { ins: Instruction; n: number }>();
  let best: bigint | null = null;
  let bestN = 0;
  for (let back = 1; back <= count * 15; back++) {
    const at = address - BigInt(back);
    const ins = instructionAt(t, at);
    if (!ins || ins.kind === 'invalid') continue;
    const end = at + BigInt(ins.length);
    const tail = end === address ? 0 : runs.get(end)?.n;
    if (tail === undefined) continue;
    runs.set(at, { ins, n: tail + 1 });
    if (Math.min(tail + 1, count) >= Math.min(bestN, count)) {
      best = at;
      bestN = tail + 1;
    }
  }
  const list: Instruction[] = [];
  for (let a = best; a !== null && a < address; ) {
    const r = runs.get(a);
    if (!r) break;
    list.push(r.ins);
    a = a + BigInt(r.ins.length);
  }
  return list.slice(-count);
}

export const unassemble: KdCommand = {
  verbs: ['u', 'ub', 'uf'],
  run(c) {
    const s = c.session;
    const t = s.target;
    return guarded(c, () => {
      let i = c.argsStart;
      let callsOnly = false;
      if (c.verb === 'uf') {
        // uf lists blocks in address order, which is what /o asks for; /c lists the calls only; /i /m are accepted.
        for (;;) {
          i = skipBlanks(c.line, i);
          const opt = /^\/([ocim])(?=\s|$)/i.exec(c.line.slice(i));
          if (!opt) break;
          if (opt[1].toLowerCase() === 'c') callsOnly = true;
          i += opt[0].length;
        }
      }
      if (c.verb === 'uf') {
        // uf takes one address; anything after it is reported once the function is listed.
        i = skipBlanks(c.line, i);
        if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
        const a = s.evaluate(c.line, i);
        const extra = skipBlanks(c.line, a.end);
        const ok = wholeFunction(c, a.value, callsOnly);
        return extra < c.line.length ? caretError(c, extra, 'Extra character') : ok;
      }
      const parsed = parseRange(s, c.line, i);
      if (parsed.badCountAt !== undefined) return caretError(c, parsed.badCountAt, 'Range');
      if (skipBlanks(c.line, parsed.end) < c.line.length) return caretError(c, skipBlanks(c.line, parsed.end), 'Syntax');
      const r = parsed.range;
      if (r === null && argsOf(c).trim() !== '') return caretError(c, c.argsStart, 'Syntax');
      const span = r?.count != null ? Math.abs(r.count) : r?.end != null ? Number(r.end - r.start) : 0;
      if (span > MAX_COUNT * 4 || (r?.count != null && Math.abs(r.count) > MAX_COUNT)) return caretError(c, skipBlanks(c.line, i), 'Range');
      if (c.verb === 'u') {
        const start = r?.start ?? s.lastUnassemble ?? s.context().regs.rip;
        const next = listFrom(c, start, r?.count != null ? Math.abs(r.count) : DEFAULT_COUNT, r?.end ?? null);
        noteAddress(c, start, next ?? start + 1n);
        if (next === null) return false;
        s.lastUnassemble = next;
        return true;
      }
      {
        // ub
        const at = r?.start ?? s.lastUnassemble ?? s.context().regs.rip;
        const count = r?.count != null ? Math.abs(r.count) : DEFAULT_COUNT;
        const list = before(t, at, count);
        if (list.length === 0) {
          c.out.push(unreadableLine(u64(at - 1n), t.arch));
          return caretError(c, c.line.length - 1, 'Memory access');
        }
        s.touchAddress(list[0].address);
        list.forEach((ins, n) => {
          const h = header(t, ins.address, n === 0);
          if (h) c.out.push(h);
          c.out.push(instructionLine(ins, t.arch));
        });
        noteAddress(c, list[0].address, at);
        s.lastUnassemble = list[0].address;
        return true;
      }
    });
  },
};

/** `uf`: every block reachable from the function start, in address order. */
function wholeFunction(c: CommandContext, address: bigint, callsOnly: boolean): boolean {
  const t = c.session.target;
  const hit = symbolAt(t, address);
  const start = hit?.symbol ? address - hit.offset : address;
  c.session.touchAddress(start);
  const seen = new Map<bigint, Instruction>();
  const starts = new Set<bigint>([start]);
  const work = [start];
  let unreadable: bigint | null = null;
  while (work.length > 0 && seen.size < 4096) {
    let a = work.pop() as bigint;
    for (;;) {
      if (seen.has(a)) break;
      const ins = instructionAt(t, a);
      if (!ins) {
        if (unreadable === null || a < unreadable) unreadable = a;
        break;
      }
      seen.set(a, ins);
      const next = a + BigInt(ins.length);
      if ((ins.kind === 'jcc' || ins.kind === 'jmp') && ins.target !== null && !starts.has(ins.target)) {
        starts.add(ins.target);
        work.push(ins.target);
      }
      if (ins.kind === 'ret' || ins.kind === 'jmp' || ins.kind === 'invalid') break;
      if (ins.kind === 'jcc') starts.add(next);
      a = next;
    }
  }
  if (seen.size === 0) {
    c.out.push(unreadableLine(start, t.arch));
    return caretError(c, c.line.length - 1, 'Memory access');
  }
  // Blocks whose code cannot be read (branch targets outside the dump) are left out, with WinDbg's note.
  if (unreadable !== null) c.out.push('Flow analysis was incomplete, some code may be missing');
  const ordered = [...seen.values()].sort((x, y) => (x.address < y.address ? -1 : 1));
  if (callsOnly) {
    // uf /c: the function, then each call site and what it calls.
    c.out.push(`${formatSymbol(t, start) ?? ''} (${addrFor(t.arch, start)})`);
    for (const ins of ordered.filter((x) => x.kind === 'call')) {
      const at = addrFor(t.arch, ins.address);
      c.out.push(`  ${formatSymbol(t, ins.address) ?? at} (${at}):`, `    call to ${ins.operands}`);
    }
    const last = ordered[ordered.length - 1];
    noteAddress(c, start, last.address + BigInt(last.length));
    return true;
  }
  let prevEnd: bigint | null = null;
  for (const ins of ordered) {
    if (ins.address === start) c.out.push(`${formatSymbol(t, start) ?? ''}:`);
    else if (starts.has(ins.address) || prevEnd !== ins.address) {
      c.out.push('');
      c.out.push(`${formatSymbol(t, ins.address) ?? ''}:`);
    }
    c.out.push(instructionLine(ins, t.arch));
    prevEnd = ins.address + BigInt(ins.length);
  }
  noteAddress(c, start, prevEnd ?? start + 1n);
  return true;
}
