/**
 * The live machine's address map as the debugger sees it: the kernel's regions
 * (pool pages, loaded images, kernel stacks) and the user space of one process
 * (its images, PEB, heap, TEBs and stacks), each named by what owns it.
 */
import type { Kernel } from '../../kernel/nt.ts';
import { processModules, type Process, type Thread } from '../../kernel/ps/ps.ts';
import type { AddressRegion } from '../target.ts';

const big = (hex: string) => BigInt(`0x${hex}`);

function threadOf(p: Process, t: Thread): NonNullable<AddressRegion['thread']> {
  return { ethread: big(t.ethread), pid: p.pid, tid: t.tid };
}

/** Kernel regions, then the user regions of `user` (undefined: no process in context). */
export function liveRegions(k: Kernel, user: Process | undefined): AddressRegion[] {
  const out: AddressRegion[] = [];
  const images = new Map(k.images.modules().map((m) => [m.base, m]));
  const stacks = new Map<bigint, { p: Process; t: Thread }>();
  for (const p of k.ps.list()) for (const t of k.ps.threadsOf(p)) stacks.set(big(t.stackLimit), { p, t });
  for (const b of k.mm.blocks('kernel', 0)) {
    const start = b.start;
    const end = b.start + BigInt(b.size);
    if (b.what === 'Paged pool' || b.what === 'Nonpaged pool') out.push({ start, end, kind: b.what });
    else if (b.what === 'image') {
      const m = images.get(start);
      out.push({ start, end, kind: 'Image', ...(m ? { module: { name: m.name, path: m.path } } : {}) });
    } else if (b.what === 'Kernel stack') {
      const owner = stacks.get(start);
      out.push({ start, end, kind: 'Kernel stack', ...(owner ? { thread: threadOf(owner.p, owner.t) } : {}) });
    }
  }
  if (!user) return out;
  const modules = new Map(processModules(user).map((m) => [big(m.base), m]));
  const threads = k.ps.threadsOf(user);
  for (const b of k.mm.blocks(user.pid, 0)) {
    const start = b.start;
    const end = b.start + BigInt(b.size);
    if (b.what === 'Image') {
      const m = modules.get(start);
      out.push({ start, end, kind: 'User image', ...(m ? { module: { name: m.name.replace(/\.[^.]*$/, ''), path: m.path } } : {}) });
    } else if (b.what === 'TEB') {
      const t = threads.find((x) => big(x.teb) === start);
      out.push({ start, end, kind: 'TEB', ...(t ? { thread: threadOf(user, t) } : {}) });
    } else if (b.what === 'Stack') {
      const t = threads.find((x) => big(x.userStack) === end);
      out.push({ start, end, kind: 'User stack', ...(t ? { thread: threadOf(user, t) } : {}) });
    } else if (b.what === 'PEB' || b.what === 'Heap') out.push({ start, end, kind: b.what });
  }
  return out;
}
