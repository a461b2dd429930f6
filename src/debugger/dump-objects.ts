/**
 * A kernel dump holds the process and thread objects of the machine it was
 * taken on. A dump described compactly (processes and threads by address,
 * name and id) gets their bytes here, laid out by the dump's own nt types:
 * the EPROCESS chain that !process walks, handle tables, and the ETHREAD of
 * each thread a processor was running.
 */
import type { SparseMemory } from './memory.ts';
import type { TypeDatabase } from './types.ts';
import type { ProcessInfo, ThreadInfo } from './target.ts';
import { StructWriter } from '../kernel/mm/layout.ts';

export interface DumpObjectsSpec {
  readonly processes: readonly ProcessInfo[];
  readonly threads: readonly ThreadInfo[];
  /** Threads running on a processor at the crash: thread → processor and the top of its stack. */
  readonly running: readonly { readonly thread: bigint; readonly processor: number; readonly rsp: bigint }[];
}

/** Where the made-up handle tables of a compact dump live (paged pool). */
const HANDLE_TABLES = 0xfffff8a000001000n;

function write(mem: SparseMemory, db: TypeDatabase, type: string, at: bigint, fill: (w: StructWriter) => void): void {
  const size = db.find('nt', type)?.def.size ?? 0;
  const bytes = new Uint8Array(size);
  fill(new StructWriter(db, 'nt', type, bytes, 0, at));
  mem.mapRange(at, at + BigInt(size));
  mem.write(at, bytes);
}

/** Write the objects, if the dump's nt types describe them. */
export function writeDumpObjects(mem: SparseMemory, db: TypeDatabase, spec: DumpObjectsSpec): void {
  if (!db.find('nt', '_EPROCESS') || !db.find('nt', '_ETHREAD')) return;
  const procs = spec.processes;
  const link = (i: number) => procs[(i + procs.length) % procs.length].eprocess + 0x188n;
  procs.forEach((p, i) => {
    const threads = spec.threads.filter((t) => t.process === p.eprocess);
    const table = HANDLE_TABLES + BigInt(i) * 0x100n;
    write(mem, db, '_HANDLE_TABLE', table, (w) =>
      w
        .set('QuotaProcess', p.pid === 4 ? 0n : p.eprocess)
        .set('UniqueProcessId', p.pid)
        .set('HandleCount', p.pid === 4 ? 507 : 143),
    );
    write(mem, db, '_EPROCESS', p.eprocess, (w) => {
      w.set('Pcb.Header.Type', 3)
        .set('Pcb.Header.Size', 0x58)
        .set('Pcb.DirectoryTableBase', p.pid === 4 ? 0x187000n : 0x6fb45000n + BigInt(i) * 0x1000n);
      w.set('UniqueProcessId', p.pid)
        .list('ActiveProcessLinks', link(i + 1), link(i - 1))
        .set('ObjectTable', table);
      w.ascii('ImageFileName', p.imageFileName)
        .set('Peb', p.peb)
        .set('InheritedFromUniqueProcessId', p.pid === 4 ? 0 : 0x1f0);
      w.set('ActiveThreads', threads.length).set('Pcb.BasePriority', 8);
      if (threads.length > 0) w.list('ThreadListHead', threads[0].ethread + 0x420n, threads[threads.length - 1].ethread + 0x420n);
      else w.emptyList('ThreadListHead');
    });
    threads.forEach((t, j) => {
      const run = spec.running.find((r) => r.thread === t.ethread);
      const stackBase = ((run?.rsp ?? 0xfffff88002000000n) + 0x6000n) & ~0xfffn;
      write(mem, db, '_ETHREAD', t.ethread, (w) => {
        w.set('Tcb.Header.Type', 6)
          .set('Tcb.Header.Size', 0x36)
          .set('Tcb.State', run ? 2 : 5)
          .set('Tcb.NextProcessor', run?.processor ?? 0);
        w.set('Tcb.Process', p.eprocess).set('Tcb.ApcState.Process', p.eprocess).set('Tcb.Priority', 8).set('Tcb.BasePriority', 8);
        w.set('Tcb.InitialStack', stackBase)
          .set('Tcb.StackBase', stackBase)
          .set('Tcb.StackLimit', stackBase - 0x6000n)
          .set('Tcb.KernelStack', run?.rsp ?? 0n);
        w.set('Tcb.Teb', p.peb === 0n ? 0n : p.peb - 0x2000n)
          .set('Cid.UniqueProcess', p.pid)
          .set('Cid.UniqueThread', t.tid);
        const next = threads[j + 1]?.ethread ?? p.eprocess - 0x420n + 0x308n;
        const prev = threads[j - 1]?.ethread ?? p.eprocess - 0x420n + 0x308n;
        w.list('ThreadListEntry', next + 0x420n, prev + 0x420n);
      });
    });
  });
}
