/**
 * Processes and threads as bytes, laid out by the machine's type database:
 * EPROCESS (with its KPROCESS) on PsActiveProcessHead, ETHREAD (with its
 * KTHREAD) on each process's thread lists, handle tables, session spaces,
 * kernel stacks; and in each process's own user space its PEB, loader data
 * (PEB_LDR_DATA and one LDR_DATA_TABLE_ENTRY per module, with their names),
 * TEBs, mapped images and user stacks. Computed from Ps state on each read.
 */
import type { Kernel } from '../nt.ts';
import type { MemoryBlock, MemoryProvider, SpaceId } from './../mm/memory.ts';
import { StructWriter, putLe, utf16z } from '../mm/layout.ts';
import { machineTypes } from '../types/index.ts';
import { NT_BASE, NT_SYMBOLS } from '../ke/ntsyms.ts';
import { layStack } from './stacks.ts';
import { IRP_THREAD_LIST_ENTRY } from '../io/memory.ts';
import { kernelImages, resolveRef, userImages } from './symbols.ts';
import { processModules, threadFrames, type Process, type Thread } from './ps.ts';

const big = (hex: string) => BigInt('0x' + hex);

/** KTHREAD.State values. */
const THREAD_STATE: Readonly<Record<Thread['state'], number>> = { Ready: 1, Running: 2, Waiting: 5, Terminated: 4 };
/** KWAIT_REASON values by name. */
const WAIT_REASON: Readonly<Record<string, number>> = { Executive: 0, UserRequest: 6, WrQueue: 15, WrLpcReply: 17, WrUserRequest: 13 };

/** Where each process's loader data lives in its user space (its process heap). */
export const LDR_DATA = 0x2e0000n;
const LDR_ENTRY = 0xe0;
/** Where processes' handle-table pages are (a window per process id, far above the pool's pages). */
const HANDLE_PAGES = 0xfffff8a00f000000n;
/** Where SessionId sits in _MM_SESSION_SPACE (Windows 7 x64). */
export const SESSION_ID_OFFSET = 0x8;

function ntData(name: string): bigint {
  const s = NT_SYMBOLS.find(([n]) => n === name);
  return NT_BASE + BigInt(s ? s[1] : 0);
}

/** FILETIME (100 ns since 1601) of a virtual time, ms since boot. */
function fileTime(k: Kernel, msSinceBoot: number): bigint {
  return (BigInt(Math.max(0, k.ke.state.bootTime + msSinceBoot)) + 11_644_473_600_000n) * 10_000n;
}

function block(start: bigint, size: number, what: string, paint: (w: Uint8Array) => void): MemoryBlock {
  let cached: Uint8Array | null = null;
  return {
    start,
    size,
    what,
    render(offset, out) {
      if (!cached) {
        cached = new Uint8Array(size);
        paint(cached);
      }
      out.set(cached.subarray(offset, offset + out.length));
    },
  };
}

export class PsMemory implements MemoryProvider {
  readonly name = 'ps';
  readonly layer = 1 as const;
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  /** Regions (stacks, user images and heaps) are a provider of their own: layer 0. */
  readonly regions: MemoryProvider = {
    name: 'ps-regions',
    layer: 0,
    blocks: (space, emit) => this.regionBlocks(space, emit),
  };

  private writer(type: string, out: Uint8Array, address: bigint): StructWriter {
    return new StructWriter(machineTypes(), 'nt', type, out, 0, address);
  }

  blocks(space: SpaceId, emit: (b: MemoryBlock) => void): void {
    const ps = this.k.ps;
    const list = ps.list();
    if (space === 'kernel') {
      const head = ntData('PsActiveProcessHead');
      const links = (p: Process | undefined) => (p ? big(p.eprocess) + 0x188n : head);
      const system = list.find((p) => p.pid === 4);
      emit(block(ntData('PsInitialSystemProcess'), 8, 'PsInitialSystemProcess', (out) => putLe(out, 0, 8, system ? big(system.eprocess) : 0n)));
      emit(
        block(head, 0x10, 'PsActiveProcessHead', (out) => {
          putLe(out, 0, 8, links(list[0]));
          putLe(out, 8, 8, links(list[list.length - 1]));
        }),
      );
      list.forEach((p, i) => {
        emit(block(big(p.eprocess), 0x4d0, 'EPROCESS', (out) => this.paintProcess(p, out, links(list[i + 1]), links(list[i - 1]))));
        const entries = this.handlePages(p);
        emit(
          block(big(p.objectTable), 0x68, 'HANDLE_TABLE', (out) => {
            const w = this.writer('_HANDLE_TABLE', out, big(p.objectTable));
            w.set('TableCode', entries ? entries.tableCode : 0n);
            w.set('QuotaProcess', p.pid === 4 ? 0n : big(p.eprocess))
              .set('UniqueProcessId', p.pid)
              .set('HandleCount', p.handleCount);
            w.set('HandleCountHighWatermark', p.handleCount + 3).emptyList('HandleTableList');
            w.set('NextHandleNeedingPool', entries ? entries.capacity * 4 : 0);
          }),
        );
        for (const page of entries?.pages ?? []) emit(block(page.at, 0x1000, 'HANDLE_TABLE_ENTRY', (out) => page.paint(out)));
        const threads = ps.threadsOf(p);
        threads.forEach((t, j) => emit(block(big(t.ethread), 0x498, 'ETHREAD', (out) => this.paintThread(p, t, out, threads[j + 1], threads[j - 1]))));
      });
      for (const [session, at] of this.sessions()) {
        emit(block(at, 0x10, 'MM_SESSION_SPACE', (out) => putLe(out, SESSION_ID_OFFSET, 4, BigInt(session))));
      }
      return;
    }
    const p = ps.process(space);
    if (!p || p.peb === '0') return;
    const peb = big(p.peb);
    const mods = processModules(p);
    emit(
      block(peb, 0x380, 'PEB', (out) => {
        const w = this.writer('_PEB', out, peb);
        w.set('ImageBaseAddress', mods[0] ? big(mods[0].base) : 0n)
          .set('Ldr', LDR_DATA)
          .set('ProcessHeap', LDR_DATA - 0x10000n + 0x10000n);
        w.set('NumberOfProcessors', ps.processorCount)
          .set('OSMajorVersion', 6)
          .set('OSMinorVersion', 1)
          .set('OSBuildNumber', 7601)
          .set('SessionId', p.session ?? 0);
      }),
    );
    // PEB_LDR_DATA and the loader entries with their names, in load order.
    const entryAt = (i: number) => LDR_DATA + 0x60n + BigInt(i * 0x200);
    emit(
      block(LDR_DATA, 0x58, 'PEB_LDR_DATA', (out) => {
        const w = this.writer('_PEB_LDR_DATA', out, LDR_DATA);
        const first = mods.length ? entryAt(0) : 0n;
        const last = mods.length ? entryAt(mods.length - 1) : 0n;
        w.set('Length', 0x58).set('Initialized', 1);
        const head = (name: string, off: number) => (mods.length ? w.list(name, first + BigInt(off), last + BigInt(off)) : w.emptyList(name));
        head('InLoadOrderModuleList', 0);
        head('InMemoryOrderModuleList', 0x10);
        head('InInitializationOrderModuleList', 0x20);
      }),
    );
    mods.forEach((m, i) => {
      const at = entryAt(i);
      const full = m.path;
      const baseName = m.name;
      emit(
        block(at, 0x200, 'LDR_DATA_TABLE_ENTRY', (out) => {
          const w = this.writer('_LDR_DATA_TABLE_ENTRY', out, at);
          const next = i + 1 < mods.length ? entryAt(i + 1) : LDR_DATA + 0x10n;
          const prev = i > 0 ? entryAt(i - 1) : LDR_DATA + 0x10n;
          w.list('InLoadOrderLinks', next, prev);
          w.list('InMemoryOrderLinks', (i + 1 < mods.length ? entryAt(i + 1) : LDR_DATA + 0x10n) + 0x10n, (i > 0 ? entryAt(i - 1) : LDR_DATA + 0x10n) + 0x10n);
          w.list(
            'InInitializationOrderLinks',
            (i + 1 < mods.length ? entryAt(i + 1) : LDR_DATA + 0x20n) + 0x20n,
            (i > 0 ? entryAt(i - 1) : LDR_DATA + 0x20n) + 0x20n,
          );
          w.set('DllBase', big(m.base)).set('SizeOfImage', m.size).set('LoadCount', 0xffff);
          const nameAt = at + BigInt(LDR_ENTRY);
          const baseAt = nameAt + BigInt((full.length + 1) * 2);
          w.unicode('FullDllName', full, nameAt, (full.length + 1) * 2).unicode('BaseDllName', baseName, baseAt, (baseName.length + 1) * 2);
          out.set(utf16z(full), LDR_ENTRY);
          out.set(utf16z(baseName), LDR_ENTRY + (full.length + 1) * 2);
        }),
      );
    });
    for (const t of ps.threadsOf(p)) {
      if (t.teb === '0') continue;
      const teb = big(t.teb);
      emit(
        block(teb, 0x1818, 'TEB', (out) => {
          const w = this.writer('_TEB', out, teb);
          w.set('NtTib.StackBase', big(t.userStack))
            .set('NtTib.StackLimit', big(t.userStack) - 0x10000n)
            .set('NtTib.Self', teb);
          w.set('ClientId.UniqueProcess', p.pid).set('ClientId.UniqueThread', t.tid).set('ProcessEnvironmentBlock', peb);
        }),
      );
    }
  }

  /**
   * The pages of a process's handle table, for the handles Ob's table holds (those it opened
   * since it started; the ones it started with are counted, not modelled). One page of 256
   * HANDLE_TABLE_ENTRYs (TableCode level 0) while the handles fit, else a page of pointers to
   * such pages (level 1). An entry's Object is its object header with the unlocked bit (1).
   * The pages sit in a window of paged pool by process id.
   */
  private handlePages(p: Process): { tableCode: bigint; capacity: number; pages: { at: bigint; paint: (out: Uint8Array) => void }[] } | null {
    const list = this.k.handles.list(p.pid);
    if (list.length === 0) return null;
    const window = HANDLE_PAGES + BigInt(p.pid >> 2) * 0x40000n;
    const header = (id: number) => {
      const body = this.k.ob.get(id)?.Address;
      return body ? big(body) - 0x30n : 0n;
    };
    const leaf = (index: number, at: bigint) => ({
      at,
      paint: (out: Uint8Array) => {
        for (const e of list) {
          const slot = e.handle / 4 - index * 256;
          if (slot < 0 || slot >= 256) continue;
          const h = header(e.object);
          putLe(out, slot * 16, 8, h === 0n ? 0n : h | 1n);
          putLe(out, slot * 16 + 8, 4, BigInt(e.access >>> 0));
        }
      },
    });
    const last = Math.max(...list.map((e) => e.handle / 4));
    if (last < 256) return { tableCode: window, capacity: 256, pages: [leaf(0, window)] };
    const leaves = Math.min(Math.floor(last / 256) + 1, 63);
    const used = new Set(list.map((e) => Math.floor(e.handle / 4 / 256)));
    const pages = [...used].filter((i) => i < leaves).map((i) => leaf(i, window + BigInt(i + 1) * 0x1000n));
    const top = { at: window, paint: (out: Uint8Array) => pages.forEach((pg) => putLe(out, Number((pg.at - window) / 0x1000n - 1n) * 8, 8, pg.at)) };
    return { tableCode: window | 1n, capacity: leaves * 256, pages: [top, ...pages] };
  }

  /** Session spaces by session id, each a small nonpaged block at a fixed place. */
  private sessions(): [number, bigint][] {
    return [
      [0, 0xfffff88003a2c000n],
      [1, 0xfffff88003c8e000n],
    ];
  }

  private paintProcess(p: Process, out: Uint8Array, next: bigint, prev: bigint): void {
    const at = big(p.eprocess);
    const w = this.writer('_EPROCESS', out, at);
    const threads = this.k.ps.threadsOf(p);
    w.set('Pcb.Header.Type', 3).set('Pcb.Header.Size', 0x58).set('Pcb.DirectoryTableBase', big(p.dirBase)).set('Pcb.BasePriority', 8);
    const first = threads[0];
    const last = threads[threads.length - 1];
    if (first && last) {
      w.list('Pcb.ThreadListHead', big(first.ethread) + 0x2f8n, big(last.ethread) + 0x2f8n);
      w.list('ThreadListHead', big(first.ethread) + 0x420n, big(last.ethread) + 0x420n);
    } else {
      w.emptyList('Pcb.ThreadListHead').emptyList('ThreadListHead');
    }
    w.set('CreateTime.QuadPart', fileTime(this.k, p.created)).set('UniqueProcessId', p.pid).list('ActiveProcessLinks', next, prev);
    w.set('ObjectTable', big(p.objectTable)).set('InheritedFromUniqueProcessId', p.parent).ascii('ImageFileName', p.name.slice(0, 14));
    w.set('Peb', big(p.peb)).set('ActiveThreads', threads.length).set('PriorityClass', 2);
    w.set('SectionBaseAddress', processModules(p)[0] ? big(processModules(p)[0].base) : 0n);
    const session = this.sessions().find(([id]) => id === p.session);
    w.set('Session', session ? session[1] : 0n);
  }

  private paintThread(p: Process, t: Thread, out: Uint8Array, next: Thread | undefined, prev: Thread | undefined): void {
    const at = big(t.ethread);
    const w = this.writer('_ETHREAD', out, at);
    const head = big(p.eprocess);
    const stop = this.k.kd.state.stop;
    const running = stop?.thread === t.ethread;
    w.set('Tcb.Header.Type', 6).set('Tcb.Header.Size', 0x36);
    w.set('Tcb.InitialStack', big(t.stackBase)).set('Tcb.StackLimit', big(t.stackLimit)).set('Tcb.StackBase', big(t.stackBase));
    // KernelStack points at the switch frame below the stack pointer; its Rip (+0x38) is where the thread resumes.
    w.set('Tcb.KernelStack', this.laid(p, t).rsp - 0x40n);
    w.set('Tcb.State', running ? THREAD_STATE.Running : THREAD_STATE[t.state]).set('Tcb.WaitReason', WAIT_REASON[t.waitReason] ?? 0);
    w.set('Tcb.WaitMode', p.pid === 4 ? 0 : 1)
      .set('Tcb.Teb', t.teb === '0' ? 0n : big(t.teb))
      .set('Tcb.Process', head);
    w.set('Tcb.ApcState.Process', head)
      .set('Tcb.Priority', p.pid === 4 ? 13 : 9)
      .set('Tcb.BasePriority', 8)
      .set('Tcb.NextProcessor', t.processor);
    w.list('Tcb.ThreadListEntry', next ? big(next.ethread) + 0x2f8n : head + 0x30n, prev ? big(prev.ethread) + 0x2f8n : head + 0x30n);
    w.set('CreateTime.QuadPart', fileTime(this.k, t.created)).set('Cid.UniqueProcess', p.pid).set('Cid.UniqueThread', t.tid);
    const start = resolveRef(this.images(p), t.start) ?? 0n;
    w.set('StartAddress', start).set('Win32StartAddress', start);
    // IrpList: the requests queued on the thread (IoQueueThreadIrp), newest at the head.
    const irps = this.k.irp.queuedOn(t.ethread).map((i) => big(i.Address) + IRP_THREAD_LIST_ENTRY);
    if (irps.length === 0) w.emptyList('IrpList');
    else w.list('IrpList', irps[0], irps[irps.length - 1]);
    w.list('ThreadListEntry', next ? big(next.ethread) + 0x420n : head + 0x308n, prev ? big(prev.ethread) + 0x420n : head + 0x308n);
  }

  private images(p: Process) {
    return [...kernelImages(this.k), ...userImages(p)];
  }

  /** A thread's stack as laid out now (the stopped thread shows where the stub stopped). */
  laid(p: Process, t: Thread): ReturnType<typeof layStack> {
    const stop = this.k.kd.state.stop;
    const frames = stop?.thread === t.ethread ? stop.frames : threadFrames(p, t);
    const images = this.images(p);
    return layStack(frames, big(t.stackBase), big(t.userStack), (ref) => resolveRef(images, ref));
  }

  private regionBlocks(space: SpaceId, emit: (b: MemoryBlock) => void): void {
    const ps = this.k.ps;
    if (space === 'kernel') {
      for (const p of ps.list()) {
        for (const t of ps.threadsOf(p)) {
          const base = big(t.stackBase);
          const limit = big(t.stackLimit);
          emit(block(limit, Number(base - limit), 'Kernel stack', (out) => this.paintStack(p, t, out, limit)));
        }
      }
      return;
    }
    const p = ps.process(space);
    if (!p || p.peb === '0') return;
    for (const m of processModules(p)) emit(block(big(m.base), m.size, 'Image', () => undefined));
    emit(block(big(p.peb) & ~0xfffn, 0x1000, 'PEB', () => undefined));
    emit(block(LDR_DATA, 0x10000, 'Heap', () => undefined));
    for (const t of ps.threadsOf(p)) {
      if (t.teb !== '0') emit(block(big(t.teb), 0x2000, 'TEB', () => undefined));
      if (t.userStack !== '0') {
        const top = big(t.userStack);
        emit(block(top - 0x10000n, 0x10000, 'Stack', (out) => this.paintStack(p, t, out, top - 0x10000n)));
      }
    }
  }

  private paintStack(p: Process, t: Thread, out: Uint8Array, start: bigint): void {
    for (const [at, v] of this.laid(p, t).qwords) {
      const off = at - start;
      if (off >= 0n && off + 8n <= BigInt(out.length)) putLe(out, Number(off), 8, v);
    }
  }
}
