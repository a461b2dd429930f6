/**
 * `!process` and `!thread` (kdexts): the kernel's process and thread objects,
 * read from the target's memory through nt's types (_EPROCESS, _ETHREAD,
 * _HANDLE_TABLE…). A target whose symbols lack those types gets the
 * "correct symbols" box kdexts prints, naming the type it looked for.
 */
import { guarded, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { fieldSlot } from '../../kernel/mm/layout.ts';
import { fromLe } from '../memory.ts';
import { addr64 } from '../format.ts';
import { walkStack } from '../stack.ts';
import { argRows, callSite } from './stack.ts';
import { findSymbol } from '../symbols.ts';
import type { KdSession } from '../session.ts';

const BOX_WIDTH = 73;

/** The box kdexts prints when the symbols lack a type it needs. */
export function missingTypeBox(typeName: string): string[] {
  const rule = '*'.repeat(BOX_WIDTH);
  const row = (text: string): string => `***    ${text.padEnd(BOX_WIDTH - 10)}***`;
  const blank = `***${' '.repeat(BOX_WIDTH - 6)}***`;
  return [
    rule,
    blank,
    blank,
    row('Your debugger is not using the correct symbols'),
    blank,
    row('In order for this command to work properly, your symbol path'),
    row('must point to .pdb files that have full type information.'),
    blank,
    row('Certain .pdb files (such as the public OS symbols) do not'),
    row('contain the required information.  Contact the group that'),
    row('provided you with these symbols if you need this command to'),
    row('work.'),
    blank,
    row(`Type referenced: ${typeName}`),
    blank,
    rule,
  ];
}

/** Reads one structure's fields through the target's types. */
class Obj {
  readonly s: KdSession;
  readonly type: string;
  readonly at: bigint;

  constructor(s: KdSession, type: string, at: bigint) {
    this.s = s;
    this.type = type;
    this.at = at;
  }

  off(path: string): number | null {
    return fieldSlot(this.s.target.types, 'nt', this.type, path)?.offset ?? null;
  }

  num(path: string, size?: number): bigint | null {
    const slot = fieldSlot(this.s.target.types, 'nt', this.type, path);
    if (!slot) return null;
    const b = this.s.target.read(this.at + BigInt(slot.offset), size ?? slot.size);
    if (!b) return null;
    const raw = fromLe(b);
    return slot.bits ? (raw >> BigInt(slot.bits.pos)) & ((1n << BigInt(slot.bits.len)) - 1n) : raw;
  }

  ascii(path: string): string {
    const slot = fieldSlot(this.s.target.types, 'nt', this.type, path);
    const b = slot ? this.s.target.read(this.at + BigInt(slot.offset), slot.size) : null;
    if (!b) return '';
    const end = b.indexOf(0);
    return String.fromCharCode(...b.subarray(0, end < 0 ? b.length : end));
  }
}

const hexMin = (v: bigint | null, digits: number) => (v === null ? '????????' : v.toString(16).padStart(digits, '0'));

/** EPROCESS addresses in PsActiveProcessHead order, or the target's own list when the head cannot be read. */
function processList(s: KdSession): bigint[] {
  const head = findSymbol(s.target, 'nt', 'PsActiveProcessHead');
  const linkOff = fieldSlot(s.target.types, 'nt', '_EPROCESS', 'ActiveProcessLinks')?.offset;
  if (head && linkOff !== undefined) {
    const start = head.module.base + BigInt(head.symbol.rva);
    const out: bigint[] = [];
    let at = s.target.read(start, 8);
    for (let n = 0; at && n < 4096; n++) {
      const link = fromLe(at);
      if (link === start || link === 0n) return out;
      out.push(link - BigInt(linkOff));
      at = s.target.read(link, 8);
    }
    if (out.length > 0) return out;
  }
  return s.target.processes().map((p) => p.eprocess);
}

function sessionText(p: Obj): string {
  const session = p.num('Session');
  if (!session) return 'none';
  const b = p.s.target.read(session + 8n, 4);
  return b ? String(Number(fromLe(b))) : 'none';
}

function handleCount(p: Obj): string {
  const table = p.num('ObjectTable');
  if (!table) return '<Data Not Accessible>';
  const h = new Obj(p.s, '_HANDLE_TABLE', table).num('HandleCount');
  return h === null ? '<Data Not Accessible>' : `${String(h).padStart(3)}.`;
}

function processHeader(p: Obj): string[] {
  const pid = p.num('UniqueProcessId') ?? 0n;
  const parent = p.num('InheritedFromUniqueProcessId') ?? 0n;
  return [
    `PROCESS ${hexMin(p.at, 16)}`,
    `    SessionId: ${sessionText(p)}  Cid: ${hexMin(pid, 4)}    Peb: ${hexMin(p.num('Peb'), 8)}  ParentCid: ${hexMin(parent, 4)}`,
    `    DirBase: ${hexMin(p.num('Pcb.DirectoryTableBase'), 8)}  ObjectTable: ${hexMin(p.num('ObjectTable'), 16)}  HandleCount: ${handleCount(p)}`,
    `    Image: ${p.ascii('ImageFileName')}`,
  ];
}

/** The process's statistics block (flag 0x1). */
/** The four lines !process 0 0 prints for the EPROCESS at `eprocess` (also !handle's header). */
export function processHeaderAt(s: KdSession, eprocess: bigint): string[] {
  return processHeader(new Obj(s, '_EPROCESS', eprocess));
}

function processStats(p: Obj): string[] {
  const label = (k: string, v: string) => `    ${k.padEnd(34)}${v}`;
  return [
    `    VadRoot ${hexMin(p.num('VadRoot.BalancedRoot.RightChild'), 16)} Vads 0 Clone 0 Private 0. Modified 0. Locked 0.`,
    `    DeviceMap ${hexMin(0n, 16)}`,
    label('Token', hexMin((p.num('Token') ?? 0n) & ~0xfn, 16)),
    label('ElapsedTime', '00:00:00.000'),
    label('UserTime', '00:00:00.000'),
    label('KernelTime', '00:00:00.000'),
    label('VirtualSize', `${String((p.num('VirtualSize') ?? 0n) / 0x100000n)} Mb`),
    label('CommitCharge', String(p.num('CommitCharge') ?? 0n)),
    label('BasePriority', String(p.num('Pcb.BasePriority') ?? 8n)),
  ];
}

const STATES: Readonly<Record<number, string>> = { 0: 'INITIALIZED', 1: 'READY', 3: 'STANDBY', 4: 'TERMINATED', 6: 'TRANSITION' };
/** KWAIT_REASON names, as !thread prints them (the same enumeration on XP and Windows 7). */
export const WAIT_REASONS: readonly string[] = [
  'Executive',
  'FreePage',
  'PageIn',
  'PoolAllocation',
  'DelayExecution',
  'Suspended',
  'UserRequest',
  'WrExecutive',
  'WrFreePage',
  'WrPageIn',
  'WrPoolAllocation',
  'WrDelayExecution',
  'WrSuspended',
  'WrUserRequest',
  'WrEventPair',
  'WrQueue',
  'WrLpcReceive',
  'WrLpcReply',
  'WrVirtualMemory',
  'WrPageOut',
];

function threadState(t: Obj): string {
  const state = Number(t.num('Tcb.State') ?? 0n);
  if (state === 2) return `RUNNING on processor ${t.num('Tcb.NextProcessor') ?? 0n}`;
  if (state === 5) {
    const reason = WAIT_REASONS[Number(t.num('Tcb.WaitReason') ?? 0n)] ?? 'Executive';
    const mode = t.num('Tcb.WaitMode') === 1n ? 'UserMode' : 'KernelMode';
    return `WAIT: (${reason}) ${mode} Non-Alertable`;
  }
  return STATES[state] ?? 'READY';
}

function threadLine(t: Obj): string {
  const pid = t.num('Cid.UniqueProcess') ?? 0n;
  const tid = t.num('Cid.UniqueThread') ?? 0n;
  return `THREAD ${hexMin(t.at, 16)}  Cid ${hexMin(pid, 4)}.${hexMin(tid, 4)}  Teb: ${hexMin(t.num('Tcb.Teb'), 16)} Win32Thread: ${hexMin(t.num('Tcb.Win32Thread'), 16)} ${threadState(t)}`;
}

/**
 * `IRP List:` and a line per IRP on the thread's IrpList (ETHREAD.IrpList → IRP.ThreadListEntry):
 * its Type and Size, Flags and MdlAddress. Nothing when the list is empty.
 */
function irpList(s: KdSession, t: Obj): string[] {
  const headOff = t.off('IrpList');
  const linkOff = fieldSlot(s.target.types, 'nt', '_IRP', 'ThreadListEntry')?.offset;
  if (headOff === null || linkOff === undefined) return [];
  const head = t.at + BigInt(headOff);
  const lines: string[] = [];
  let b = s.target.read(head, 8);
  for (let n = 0; b && n < 256; n++) {
    const link = fromLe(b);
    if (link === head || link === 0n) break;
    const irp = new Obj(s, '_IRP', link - BigInt(linkOff));
    const type = irp.num('Type');
    const size = irp.num('Size');
    lines.push(
      `    ${hexMin(irp.at, 16)}: (${hexMin(type, 4)},${hexMin(size, 4)}) Flags: ${hexMin(irp.num('Flags'), 8)}  Mdl: ${hexMin(irp.num('MdlAddress'), 8)}`,
    );
    b = s.target.read(link, 8);
  }
  return lines.length ? ['IRP List:', ...lines] : [];
}

/** The body !thread prints under its first line, with the stack. */
function threadBody(s: KdSession, t: Obj, withStack: boolean): string[] {
  const owner = t.num('Tcb.Process') ?? 0n;
  const image = new Obj(s, '_EPROCESS', owner).ascii('ImageFileName');
  const start = t.num('Win32StartAddress') ?? 0n;
  const startSym = start ? callSite(s, start) : '';
  const init = t.num('Tcb.InitialStack') ?? 0n;
  const current = t.num('Tcb.KernelStack') ?? 0n;
  const lines = [
    ...irpList(s, t),
    'Not impersonating',
    `Owning Process            ${hexMin(owner, 16)}       Image:         ${image}`,
    'Attached Process          N/A            Image:         N/A',
    `Wait Start TickCount      0              Ticks: 0`,
    `Context Switch Count      ${String(t.num('Tcb.ContextSwitches') ?? 0n).padEnd(15)}IdealProcessor: ${t.num('Tcb.NextProcessor') ?? 0n}             `,
    'UserTime                  00:00:00.000',
    'KernelTime                00:00:00.000',
    startSym && !startSym.startsWith('0x')
      ? `Win32 Start Address ${startSym} (0x${addr64(start).replace('`', '')})`
      : `Win32 Start Address 0x${hexMin(start, 16)}`,
    `Stack Init ${hexMin(init, 16)} Current ${hexMin(current, 16)}`,
    `Base ${hexMin(t.num('Tcb.StackBase'), 16)} Limit ${hexMin(t.num('Tcb.StackLimit'), 16)} Call 0`,
    `Priority ${t.num('Tcb.Priority') ?? 0n} BasePriority ${t.num('Tcb.BasePriority') ?? 0n} UnusualBoost 0 ForegroundBoost 0 IoPriority 2 PagePriority 5`,
  ];
  if (!withStack) return lines;
  const running = Number(t.num('Tcb.State') ?? 0n) === 2;
  let ip: bigint;
  let sp: bigint;
  if (running) {
    const ctx = s.target.processor(Number(t.num('Tcb.NextProcessor') ?? 0n))?.context.regs;
    ip = ctx?.rip ?? 0n;
    sp = ctx?.rsp ?? 0n;
  } else {
    sp = current + 0x40n;
    const b = s.target.read(current + 0x38n, 8);
    ip = b ? fromLe(b) : 0n;
  }
  const frames = walkStack(s.target, ip, sp, 0x14);
  lines.push('Child-SP          RetAddr           : Args to Child                                                           : Call Site');
  lines.push(...argRows(s, frames, true));
  return lines;
}

function threadsOf(s: KdSession, p: Obj): Obj[] {
  const headOff = p.off('ThreadListHead');
  const linkOff = fieldSlot(s.target.types, 'nt', '_ETHREAD', 'ThreadListEntry')?.offset;
  if (headOff === null || linkOff === undefined) return [];
  const head = p.at + BigInt(headOff);
  const out: Obj[] = [];
  let b = s.target.read(head, 8);
  for (let n = 0; b && n < 1024; n++) {
    const link = fromLe(b);
    if (link === head || link === 0n) break;
    out.push(new Obj(s, '_ETHREAD', link - BigInt(linkOff)));
    b = s.target.read(link, 8);
  }
  return out;
}

function args(c: CommandContext): { values: bigint[]; name: string | null } {
  let i = skipBlanks(c.line, c.argsStart);
  const values: bigint[] = [];
  let name: string | null = null;
  while (i < c.line.length) {
    if (/^[-/][A-Za-z]/.test(c.line.slice(i))) {
      i = skipBlanks(c.line, i + (/^\S+/.exec(c.line.slice(i))?.[0].length ?? 1));
      continue;
    }
    if (values.length === 2) {
      name = c.line.slice(i).trim();
      break;
    }
    const r = c.session.evaluate(c.line, i);
    values.push(r.value);
    i = skipBlanks(c.line, r.end);
  }
  return { values, name };
}

function hasTypes(c: CommandContext, type: string): boolean {
  if (c.session.target.types.find('nt', type)) return true;
  c.out.push(...missingTypeBox(`nt!${type}`));
  return false;
}

function printProcess(c: CommandContext, p: Obj, flags: bigint): void {
  c.out.push(...processHeader(p));
  if (flags & 1n) c.out.push(...processStats(p));
  if (flags & 6n) {
    c.out.push('');
    for (const t of threadsOf(c.session, p)) {
      c.out.push(`        ${threadLine(t)}`);
      if (flags & 2n) c.out.push(...threadBody(c.session, t, (flags & 4n) !== 0n).map((l) => `        ${l}`), '');
    }
  }
  c.out.push('');
}

export const processExt: KdCommand = {
  verbs: ['!process'],
  run(c) {
    return guarded(c, () => {
      if (!hasTypes(c, '_EPROCESS')) return false;
      const s = c.session;
      const { values, name } = args(c);
      const which = values[0] ?? -1n & 0xffffffffffffffffn;
      const flags = values[1] ?? (values.length === 0 || values[0] === 0n ? 3n : 0xfn);
      if (which === 0n) {
        c.out.push('**** NT ACTIVE PROCESS DUMP ****');
        for (const at of processList(s)) {
          const p = new Obj(s, '_EPROCESS', at);
          if (name && p.ascii('ImageFileName').toLowerCase() !== name.toLowerCase()) continue;
          printProcess(c, p, flags);
        }
        c.event.address = undefined;
        return true;
      }
      let at = which;
      if (which === 0xffffffffffffffffn || which === -1n) at = s.pseudo('proc') ?? 0n;
      else if (which < 0x10000n) {
        c.out.push(`Searching for Process with Cid == ${which.toString(16)}`);
        const found = processList(s).find((e) => new Obj(s, '_EPROCESS', e).num('UniqueProcessId') === which);
        // kdexts says no more when no process has that id: the search line is all.
        if (found === undefined) return true;
        at = found;
      }
      const p = new Obj(s, '_EPROCESS', at);
      if (p.num('Pcb.Header.Type') !== 3n) {
        c.out.push(`TYPE mismatch for process object at ${addr64(at).replace('`', '')}`);
        return false;
      }
      c.event.address = addr64(at).replace('`', '');
      printProcess(c, p, flags);
      return true;
    });
  },
};

export const threadExt: KdCommand = {
  verbs: ['!thread'],
  run(c) {
    return guarded(c, () => {
      if (!hasTypes(c, '_ETHREAD')) return false;
      const s = c.session;
      const { values } = args(c);
      const at = values[0] === undefined || values[0] === 0xffffffffffffffffn ? (s.pseudo('thread') ?? 0n) : values[0];
      const flags = values[1] ?? 6n;
      const t = new Obj(s, '_ETHREAD', at);
      if (t.num('Tcb.Header.Type') !== 6n) {
        c.out.push(`TYPE mismatch for thread object at ${addr64(at).replace('`', '')}`);
        return false;
      }
      c.event.address = addr64(at).replace('`', '');
      c.out.push(threadLine(t));
      if (flags & 2n) c.out.push(...threadBody(s, t, (flags & 4n) !== 0n || flags === 6n));
      c.out.push('');
      return true;
    });
  },
};
