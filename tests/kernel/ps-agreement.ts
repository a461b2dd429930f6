/**
 * Processes and threads read through debugger memory against Ps's own records:
 * the active process list walked in memory, each EPROCESS's identifying fields
 * and handle table, each process's two thread lists, each ETHREAD's fields, and
 * in the process's own user space its PEB and TEBs. Used by memory-agreement.test.ts.
 */
import type { Kernel } from '../../src/kernel/nt.ts';
import { LiveTarget } from '../../src/debugger/live/target.ts';
import { KernelReader } from '../../src/debugger/kobjects.ts';
import { kernelImages, resolveRef, userImages } from '../../src/kernel/ps/symbols.ts';
import { processModules } from '../../src/kernel/ps/ps.ts';

const big = (hex: string | null | undefined) => (hex ? BigInt('0x' + hex) : 0n);

/** Walk a LIST_ENTRY chain from `head`, returning each entry minus `offset` (the containing record), bounded. */
function walk(r: KernelReader, head: bigint, offset: bigint): bigint[] {
  const out: bigint[] = [];
  for (let e = r.pointer(head) ?? head; e !== head && e !== 0n && out.length < 512; e = r.pointer(e) ?? head) out.push(e - offset);
  return out;
}

function ascii(target: LiveTarget, address: bigint, max: number): string | null {
  const b = target.read(address, max);
  if (!b) return null;
  const end = b.indexOf(0);
  return String.fromCharCode(...b.subarray(0, end < 0 ? b.length : end));
}

export function psDisagreements(k: Kernel, check: (what: string, got: bigint | string | null, want: bigint | string) => void): void {
  const target = new LiveTarget(k, 'local');
  target.refresh();
  const r = new KernelReader(target);
  const off = (type: string, path: string) => BigInt(r.offset(type, path) ?? 0);
  const list = k.ps.list();

  const head = r.global('PsActiveProcessHead') ?? 0n;
  const walked = walk(r, head, off('_EPROCESS', 'ActiveProcessLinks'));
  check('PsActiveProcessHead list', walked.map((a) => a.toString(16)).join(' '), list.map((p) => big(p.eprocess).toString(16)).join(' '));
  check('PsInitialSystemProcess', r.pointer(r.global('PsInitialSystemProcess') ?? 0n), big(k.ps.process(4)?.eprocess));

  const kimages = kernelImages(k);
  for (const p of list) {
    const at = big(p.eprocess);
    const name = `process ${p.pid.toString(16)} (${p.name})`;
    const f = (path: string) => r.field(at, '_EPROCESS', path);
    check(`${name} Type`, f('Pcb.Header.Type'), 3n);
    check(`${name} UniqueProcessId`, f('UniqueProcessId'), BigInt(p.pid));
    check(`${name} InheritedFromUniqueProcessId`, f('InheritedFromUniqueProcessId'), BigInt(p.parent));
    check(`${name} ImageFileName`, ascii(target, at + off('_EPROCESS', 'ImageFileName'), 15), p.name.slice(0, 14));
    check(`${name} ObjectTable`, f('ObjectTable'), big(p.objectTable));
    check(`${name} Peb`, f('Peb'), big(p.peb));
    check(`${name} DirectoryTableBase`, f('Pcb.DirectoryTableBase'), big(p.dirBase));
    const threads = k.ps.threadsOf(p);
    check(`${name} ActiveThreads`, f('ActiveThreads'), BigInt(threads.length));
    if (p.objectTable !== '0') {
      check(`${name} HANDLE_TABLE.UniqueProcessId`, r.field(big(p.objectTable), '_HANDLE_TABLE', 'UniqueProcessId'), BigInt(p.pid));
      check(`${name} HANDLE_TABLE.HandleCount`, r.field(big(p.objectTable), '_HANDLE_TABLE', 'HandleCount'), BigInt(p.handleCount));
    }
    // The handles Ob's table holds are entries in the pages TableCode points at.
    const code = r.field(big(p.objectTable), '_HANDLE_TABLE', 'TableCode') ?? 0n;
    for (const e of k.handles.list(p.pid)) {
      const index = BigInt(e.handle / 4);
      const leaf = (code & 3n) === 0n ? code : (r.pointer((code & ~3n) + (index / 256n) * 8n) ?? 0n);
      const at = leaf + (index % 256n) * 16n;
      check(`${name} handle ${e.handle.toString(16)} object`, ((r.pointer(at) ?? 0n) & ~7n) + 0x30n, big(k.ob.get(e.object)?.Address));
      check(`${name} handle ${e.handle.toString(16)} access`, r.field(at, '_HANDLE_TABLE_ENTRY', 'GrantedAccess'), BigInt(e.access >>> 0));
    }
    const want = threads.map((t) => big(t.ethread).toString(16)).join(' ');
    check(
      `${name} ThreadListHead`,
      walk(r, at + off('_EPROCESS', 'ThreadListHead'), off('_ETHREAD', 'ThreadListEntry'))
        .map((a) => a.toString(16))
        .join(' '),
      want,
    );
    check(
      `${name} Pcb.ThreadListHead`,
      walk(r, at + off('_EPROCESS', 'Pcb.ThreadListHead'), off('_ETHREAD', 'Tcb.ThreadListEntry'))
        .map((a) => a.toString(16))
        .join(' '),
      want,
    );
    const images = [...kimages, ...userImages(p)];
    for (const t of threads) {
      const tat = big(t.ethread);
      const tname = `${name} thread ${t.tid.toString(16)}`;
      const g = (path: string) => r.field(tat, '_ETHREAD', path);
      check(`${tname} Type`, g('Tcb.Header.Type'), 6n);
      check(`${tname} Cid.UniqueProcess`, g('Cid.UniqueProcess'), BigInt(p.pid));
      check(`${tname} Cid.UniqueThread`, g('Cid.UniqueThread'), BigInt(t.tid));
      check(`${tname} Tcb.Process`, g('Tcb.Process'), at);
      check(`${tname} Tcb.Teb`, g('Tcb.Teb'), big(t.teb));
      check(`${tname} Tcb.InitialStack`, g('Tcb.InitialStack'), big(t.stackBase));
      check(`${tname} Tcb.StackLimit`, g('Tcb.StackLimit'), big(t.stackLimit));
      check(`${tname} Win32StartAddress`, g('Win32StartAddress'), resolveRef(images, t.start) ?? 0n);
      check(`${tname} Tcb.NextProcessor`, g('Tcb.NextProcessor'), BigInt(t.processor));
    }
    // The process's own user space: its PEB and each thread's TEB, read in its context.
    if (p.peb === '0') continue;
    target.setUserContext(at);
    const peb = big(p.peb);
    check(`${name} PEB.ImageBaseAddress`, r.field(peb, '_PEB', 'ImageBaseAddress'), big(processModules(p)[0]?.base));
    check(`${name} PEB.SessionId`, r.field(peb, '_PEB', 'SessionId'), BigInt(p.session ?? 0));
    for (const t of threads) {
      if (t.teb === '0') continue;
      check(
        `${name} TEB ${t.tid.toString(16)} ClientId`,
        `${r.field(big(t.teb), '_TEB', 'ClientId.UniqueProcess')}/${r.field(big(t.teb), '_TEB', 'ClientId.UniqueThread')}`,
        `${p.pid}/${t.tid}`,
      );
    }
    target.setUserContext(null);
  }
}
