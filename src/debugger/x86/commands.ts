/**
 * The x86 kernel debugger's own displays, for the XP machine: `!process` and
 * `!thread` as kdexts prints them on a 32-bit target (eight-digit addresses,
 * the one-line process header, `ChildEBP RetAddr Args to Child` stacks with the
 * FPO notes of the images' symbols) and `k` walking frame pointers. Flag 0x10
 * switches to the owning process's context and reloads its user modules first
 * (the equivalent of `.process /r /p`), so the user half of a stack resolves.
 */

import { fieldSlot } from '../../kernel/mm/layout.ts';
import { type CommandContext, guarded, type KdCommand, skipBlanks } from '../command.ts';
import { missingTypeBox, WAIT_REASONS } from '../commands/process.ts';
import { fromLe } from '../memory.ts';
import type { KdSession } from '../session.ts';
import { symbolAt } from '../symbols.ts';
import type { Target } from '../target.ts';
import { pebX86 } from './peb.ts';
import { read32 } from './read.ts';
import { XpTarget } from './target.ts';
import { tebX86 } from './teb.ts';
import { handleX86 } from './handle.ts';

const hex8 = (v: bigint | number | null): string => (v === null ? '????????' : (BigInt(v) & 0xffffffffn).toString(16).padStart(8, '0'));
const hex4 = (v: bigint | null): string => (v === null ? '????' : v.toString(16).padStart(4, '0'));

/** One structure's fields, read through the target's (x86) types. */
class Obj {
  readonly t: Target;
  readonly type: string;
  readonly at: bigint;

  constructor(t: Target, type: string, at: bigint) {
    this.t = t;
    this.type = type;
    this.at = at;
  }

  num(path: string): bigint | null {
    const slot = fieldSlot(this.t.types, 'nt', this.type, path);
    if (!slot) return null;
    const b = this.t.read(this.at + BigInt(slot.offset), slot.size);
    return b ? fromLe(b) : null;
  }

  ascii(path: string): string {
    const slot = fieldSlot(this.t.types, 'nt', this.type, path);
    const b = slot ? this.t.read(this.at + BigInt(slot.offset), slot.size) : null;
    if (!b) return '';
    const end = b.indexOf(0);
    return String.fromCharCode(...b.subarray(0, end < 0 ? b.length : end));
  }

  addressOf(path: string): bigint {
    return this.at + BigInt(fieldSlot(this.t.types, 'nt', this.type, path)?.offset ?? 0);
  }
}

/** Walk a LIST_ENTRY chain of 32-bit links from `head`; each entry minus `offset`. */
function walkList(t: Target, head: bigint, offset: number): bigint[] {
  const out: bigint[] = [];
  let link = read32(t, head);
  for (let n = 0; link !== null && link !== head && link !== 0n && n < 1024; n++) {
    out.push(link - BigInt(offset));
    link = read32(t, link);
  }
  return out;
}

function processList(t: Target): bigint[] {
  const head = t
    .modules()
    .find((m) => m.name === 'nt')
    ?.symbols.find((s) => s.name === 'PsActiveProcessHead');
  const nt = t.modules().find((m) => m.name === 'nt');
  const off = fieldSlot(t.types, 'nt', '_EPROCESS', 'ActiveProcessLinks')?.offset;
  if (!head || !nt || off === undefined) return [];
  return walkList(t, nt.base + BigInt(head.rva), off);
}

function sessionText(p: Obj): string {
  const session = p.num('Session');
  if (!session) return 'none';
  const id = read32(p.t, session + 8n);
  return id === null ? 'none' : String(id);
}

function processHeader(p: Obj): string[] {
  const table = p.num('ObjectTable');
  const handles = table ? new Obj(p.t, '_HANDLE_TABLE', table).num('HandleCount') : null;
  return [
    `PROCESS ${hex8(p.at)}  SessionId: ${sessionText(p)}  Cid: ${hex4(p.num('UniqueProcessId'))}    Peb: ${hex8(p.num('Peb'))}  ParentCid: ${hex4(p.num('InheritedFromUniqueProcessId'))}`,
    `    DirBase: ${hex8(p.num('Pcb.DirectoryTableBase[0]'))}  ObjectTable: ${hex8(table)}  HandleCount: ${handles === null ? '<Data Not Accessible>' : `${String(handles).padStart(3)}.`}`,
    `    Image: ${p.ascii('ImageFileName')}`,
  ];
}

/** The three-line `PROCESS` header of the EPROCESS at `at` (as !process 0 0 prints it). */
export function processHeaderX86(t: Target, at: bigint): string[] {
  return processHeader(new Obj(t, '_EPROCESS', at));
}

function threadState(t: Obj): string {
  const state = Number(t.num('Tcb.State') ?? 0n);
  if (state === 2) return `RUNNING on processor ${t.num('Tcb.NextProcessor') ?? 0n}`;
  if (state === 5)
    return `WAIT: (${WAIT_REASONS[Number(t.num('Tcb.WaitReason') ?? 0n)] ?? 'Executive'}) ${t.num('Tcb.WaitMode') === 1n ? 'UserMode' : 'KernelMode'} Non-Alertable`;
  return 'READY';
}

function threadLine(t: Obj): string {
  return `THREAD ${hex8(t.at)}  Cid ${hex4(t.num('Cid.UniqueProcess'))}.${hex4(t.num('Cid.UniqueThread'))}  Teb: ${hex8(t.num('Tcb.Teb'))} Win32Thread: ${hex8(t.num('Tcb.Win32Thread'))} ${threadState(t)}`;
}

/** The FPO notes the images' symbols give their routines (what `kv` and `!thread` print after a frame). */
const FPO: ReadonlyMap<string, string> = new Map([
  ['nt!KiSwapContext', '(FPO: [Uses EBP] [0,0,4])'],
  ['nt!KiSwapThread', '(FPO: [0,0,0]) (CONV: fastcall)'],
  ['nt!KeWaitForSingleObject', '(FPO: [Non-Fpo]) (CONV: stdcall)'],
  ['nt!RtlpBreakWithStatusInstruction', '(FPO: [1,0,0])'],
  ['nt!KeUpdateSystemTime', '(FPO: [0,0,0])'],
  ['nt!KiIdleLoop', '(FPO: [0,0,0])'],
  ['hal!HalpClockInterrupt', '(FPO: [0,2] TrapFrame @ %t)'],
  ['nt!KiFastCallEntry', '(FPO: [0,0] TrapFrame @ %t)'],
  ['ntdll!KiFastSystemCallRet', '(FPO: [0,0,0])'],
  ['USER32!NtUserGetMessage', ''],
  ['ntdll!ZwWaitForSingleObject', ''],
]);

export interface X86Frame {
  readonly ebp: bigint;
  readonly ret: bigint;
  readonly args: readonly bigint[];
  readonly ip: bigint;
  /** The call site text ('nt!KiSwapThread+0x8a' or '0x7c90e4f4'). */
  readonly site: string;
  /** Its FPO note ('' for none). */
  readonly note: string;
  /** The frame's instruction pointer is in no module the debugger knows. */
  readonly unknown: boolean;
}

/** Walk frame pointers from (ip, ebp): [ebp] is the caller's frame, [ebp+4] the return address; a trap frame hands over to the interrupted code. */
export function walkX86(t: Target, ip: bigint, ebp: bigint, max = 0x40): X86Frame[] {
  const out: X86Frame[] = [];
  for (let n = 0; n < max && ip !== 0n; n++) {
    const hit = symbolAt(t, ip);
    const base = hit?.symbol ? `${hit.module.name}!${hit.symbol.name}` : null;
    const site = !hit ? `0x${hex8(ip)}` : `${base ?? hit.module.name}${hit.offset === 0n ? '' : `+0x${hit.offset.toString(16)}`}`;
    const trap = base !== null && /TrapFrame/.test(FPO.get(base) ?? '');
    const ret = trap ? read32(t, ebp + 0x68n) : read32(t, ebp + 4n);
    const next = trap ? read32(t, ebp + 0x60n) : read32(t, ebp);
    const args = [8n, 12n, 16n].map((k) => read32(t, ebp + k) ?? 0n);
    const note = !hit?.symbol || !hit.module.pdb ? '' : (FPO.get(base ?? '') ?? '(FPO: [Non-Fpo])').replace('%t', hex8(ebp));
    out.push({ ebp, ret: ret ?? 0n, args, ip, site, note, unknown: !hit });
    if (ret === null || next === null || ret === 0n) break;
    ip = ret;
    ebp = next;
  }
  return out;
}

/** Stack lines as `!thread` and `kv` print them. */
function stackLines(frames: readonly X86Frame[], args: boolean, notes: boolean): string[] {
  const lines: string[] = [];
  for (const f of frames) {
    if (f.unknown) lines.push('WARNING: Frame IP not in any known module. Following frames may be wrong.');
    const a = args ? ` ${f.args.map(hex8).join(' ')}` : '';
    lines.push(`${hex8(f.ebp)} ${hex8(f.ret)}${a} ${f.site}${notes && f.note ? ` ${f.note}` : ''}`);
  }
  return lines;
}

/** `.process /r /p` done quietly for a thread's owner (flag 0x10). */
function switchTo(s: KdSession, eprocess: bigint): void {
  s.implicitProcess = eprocess;
  s.target.setUserContext?.(eprocess);
  s.target.reloadUser?.();
}

/** The XP machine behind a target, to record what the debugger showed (null on other targets). */
function machineOf(t: Target): XpTarget['xp'] | null {
  return t instanceof XpTarget ? t.xp : null;
}

function threadBody(s: KdSession, t: Obj, flags: bigint, switched = (flags & 0x10n) !== 0n): string[] {
  const target = s.target;
  const owner = t.num('Tcb.ApcState.Process') ?? 0n;
  const image = new Obj(target, '_EPROCESS', owner).ascii('ImageFileName');
  if (flags & 0x10n) switchTo(s, owner);
  const start = t.num('Win32StartAddress') ?? 0n;
  const startHit = symbolAt(target, start);
  const startText = startHit?.symbol
    ? `${startHit.module.name}!${startHit.symbol.name}${startHit.offset ? `+0x${startHit.offset.toString(16)}` : ''} (0x${hex8(start)})`
    : `0x${hex8(start)}`;
  const init = t.num('Tcb.InitialStack') ?? 0n;
  const current = t.num('Tcb.KernelStack') ?? 0n;
  const lines = [
    'Not impersonating',
    `Owning Process            ${hex8(owner)}       Image:         ${image}`,
    'Attached Process          N/A            Image:         N/A',
    `Wait Start TickCount      ${String(Number(t.num('Tcb.WaitTime') ?? 0n)).padEnd(15)}Ticks: 0`,
    `Context Switch Count      ${String(t.num('Tcb.ContextSwitches') ?? 0n).padEnd(21)}${t.num('Tcb.Win32Thread') ? 'LargeStack' : ''}`.trimEnd(),
    'UserTime                  00:00:00.000',
    'KernelTime                00:00:00.000',
    `Win32 Start Address ${startText}`,
    `Stack Init ${hex8(init)} Current ${hex8(current)} Base ${hex8(t.num('Tcb.StackBase'))} Limit ${hex8(t.num('Tcb.StackLimit'))} Call 0`,
    `Priority ${t.num('Tcb.Priority') ?? 0n} BasePriority ${t.num('Tcb.BasePriority') ?? 0n} PriorityDecrement 0 DecrementCount 16`,
  ];
  if (!(flags & 4n)) return lines;
  const running = Number(t.num('Tcb.State') ?? 0n) === 2;
  let ip: bigint;
  let ebp: bigint;
  if (running) {
    const regs = target.processor(Number(t.num('Tcb.NextProcessor') ?? 0n))?.context.regs;
    ip = regs?.rip ?? 0n;
    ebp = regs?.rbp ?? 0n;
  } else {
    ebp = read32(target, current + 4n) ?? 0n;
    ip = read32(target, current + 8n) ?? 0n;
  }
  const frames = walkX86(target, ip, ebp);
  lines.push('ChildEBP RetAddr  Args to Child              ', ...stackLines(frames, true, true));
  const user = frames.some((f) => f.ip < 0x80000000n && !f.unknown);
  machineOf(target)?.see('stacks', { thread: Number(t.at), user, switched });
  return lines;
}

function values(c: CommandContext): bigint[] {
  const out: bigint[] = [];
  let i = skipBlanks(c.line, c.argsStart);
  while (i < c.line.length && out.length < 2) {
    const r = c.session.evaluate(c.line, i);
    out.push(r.value & 0xffffffffffffffffn);
    i = skipBlanks(c.line, r.end);
  }
  return out;
}

function threadsOf(t: Target, p: Obj): Obj[] {
  return walkList(t, p.addressOf('ThreadListHead'), fieldSlot(t.types, 'nt', '_ETHREAD', 'ThreadListEntry')?.offset ?? 0).map((a) => new Obj(t, '_ETHREAD', a));
}

function printProcess(c: CommandContext, p: Obj, flags: bigint): void {
  c.out.push(...processHeader(p));
  machineOf(c.session.target)?.see('processes', Number(p.at));
  if (flags & 6n) {
    const switched = (flags & 0x10n) !== 0n && p.num('Peb') !== 0n;
    if (switched) switchTo(c.session, p.at);
    c.out.push('');
    for (const t of threadsOf(c.session.target, p)) {
      c.out.push(`        ${threadLine(t)}`);
      if (flags & 2n) c.out.push(...threadBody(c.session, t, flags & ~0x10n, switched).map((l) => `        ${l}`), '');
    }
  }
  c.out.push('');
}

export const processX86: KdCommand = {
  verbs: ['!process'],
  run(c) {
    return guarded(c, () => {
      const s = c.session;
      const t = s.target;
      if (!t.types.find('nt', '_EPROCESS')) {
        c.out.push(...missingTypeBox('nt!_EPROCESS'));
        return false;
      }
      const args = c.line.slice(c.argsStart).trim().split(/\s+/);
      const name = args.length > 2 && !/^[0-9a-f`]+$/i.test(args[2]) ? args[2] : null;
      const [which = 0xffffffffffffffffn, given] = values({ ...c, line: name ? c.line.slice(0, c.line.lastIndexOf(name)) : c.line });
      const flags = given ?? (which === 0n ? 3n : 0xfn);
      if (which === 0n) {
        c.out.push('**** NT ACTIVE PROCESS DUMP ****');
        for (const at of processList(t)) {
          const p = new Obj(t, '_EPROCESS', at);
          if (name && p.ascii('ImageFileName').toLowerCase() !== name.toLowerCase()) continue;
          printProcess(c, p, flags);
        }
        return true;
      }
      let at = which;
      if (which === 0xffffffffffffffffn || which === 0xffffffffn) at = s.pseudo('proc') ?? 0n;
      else if (which < 0x10000n) {
        c.out.push(`Searching for Process with Cid == ${which.toString(16)}`);
        const found = processList(t).find((e) => new Obj(t, '_EPROCESS', e).num('UniqueProcessId') === which);
        if (found === undefined) return false;
        at = found;
      }
      at &= 0xffffffffn;
      const p = new Obj(t, '_EPROCESS', at);
      if (p.num('Pcb.Header.Type') !== 3n) {
        c.out.push(`TYPE mismatch for process object at ${hex8(at)}`);
        return false;
      }
      c.event.address = hex8(at);
      printProcess(c, p, flags);
      return true;
    });
  },
};

export const threadX86: KdCommand = {
  verbs: ['!thread'],
  run(c) {
    return guarded(c, () => {
      const s = c.session;
      const [given, flagsGiven] = values(c);
      const at = (given === undefined || given === 0xffffffffffffffffn ? (s.pseudo('thread') ?? 0n) : given) & 0xffffffffn;
      const flags = flagsGiven ?? 0x6n;
      const t = new Obj(s.target, '_ETHREAD', at);
      if (t.num('Tcb.Header.Type') !== 6n) {
        c.out.push(`TYPE mismatch for thread object at ${hex8(at)}`);
        return false;
      }
      c.event.address = hex8(at);
      c.out.push(threadLine(t));
      if (flags & 2n || flags & 4n) c.out.push(...threadBody(s, t, flags | 2n));
      c.out.push('');
      return true;
    });
  },
};

/** `k`, `kb`, `kv`, `kn` on x86: frame pointers from the current register context. */
export const stackX86: KdCommand = {
  verbs: ['k'],
  run(c) {
    const s = c.session;
    const opts = c.verb.slice(1).toLowerCase();
    const regs = s.context().regs;
    const frames = walkX86(s.target, regs.rip & 0xffffffffn, regs.rbp & 0xffffffffn);
    const args = opts.includes('b') || opts.includes('v');
    if (s.override) c.out.push('  *** Stack trace for last set context - .thread/.cxr resets it');
    c.out.push(`${opts.includes('n') ? ' # ' : ''}ChildEBP RetAddr  ${args ? 'Args to Child              ' : ''}`.trimEnd());
    let n = 0;
    for (const line of stackLines(frames, args, opts.includes('v'))) {
      if (line.startsWith('WARNING')) c.out.push(line);
      else c.out.push(`${opts.includes('n') ? `${(n++).toString(16).padStart(2, '0')} ` : ''}${line}`);
    }
    return true;
  },
};

export const X86_COMMANDS: readonly KdCommand[] = [processX86, threadX86, stackX86, pebX86, tebX86, handleX86];
