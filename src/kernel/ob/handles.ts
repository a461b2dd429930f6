/**
 * Handle tables, one per process (ObpCreateHandle / ObpCloseHandle): a handle
 * names an object (by its object-manager id) with the access granted when it
 * was opened. Handle values are multiples of 4 and are reused lowest first,
 * after the handles the process had when it started. The process's
 * HandleCount follows the table.
 */
import { Subsystem } from '../subsystem.ts';
import type { ProcessManager } from '../ps/ps.ts';

export interface HandleEntry {
  handle: number;
  /** Object-manager id of the object. */
  object: number;
  /** Granted access mask. */
  access: number;
}

export interface HandleTable {
  /** The first handle value this table hands out (those below belong to the process's start-up). */
  base: number;
  entries: Record<string, HandleEntry>;
}

export interface HandleState {
  tables: Record<string, HandleTable>;
}

export class HandleTables extends Subsystem<HandleState> {
  readonly snapshotKey = 'handles';
  private readonly ps: ProcessManager;

  constructor(ps: ProcessManager) {
    super({ tables: {} });
    this.ps = ps;
  }

  private table(pid: number): HandleTable {
    let t = this.state.tables[pid];
    if (!t) {
      const count = this.ps.process(pid)?.handleCount ?? 0;
      t = { base: (count + 1) * 4, entries: {} };
      this.state.tables[pid] = t;
    }
    return t;
  }

  /** ObInsertObject: a new handle in `pid`'s table. */
  create(pid: number, object: number, access: number): number {
    const t = this.table(pid);
    let handle = t.base;
    while (t.entries[handle]) handle += 4;
    t.entries[handle] = { handle, object, access };
    const p = this.ps.process(pid);
    if (p) p.handleCount++;
    return handle;
  }

  get(pid: number, handle: number): HandleEntry | undefined {
    return this.state.tables[pid]?.entries[handle];
  }

  /** Remove a handle; the entry it held, or undefined for an invalid handle. */
  close(pid: number, handle: number): HandleEntry | undefined {
    const t = this.state.tables[pid];
    const e = t?.entries[handle];
    if (!t || !e) return undefined;
    delete t.entries[handle];
    const p = this.ps.process(pid);
    if (p) p.handleCount--;
    return e;
  }

  /** The handles this table handed out, lowest first. */
  list(pid: number): HandleEntry[] {
    return Object.values(this.state.tables[pid]?.entries ?? {}).sort((a, b) => a.handle - b.handle);
  }

  /** Does any process still hold a handle to the object? */
  referenced(object: number): boolean {
    return Object.values(this.state.tables).some((t) => Object.values(t.entries).some((e) => e.object === object));
  }

  /** The process is gone: forget its table (its handles were closed first). */
  drop(pid: number): void {
    delete this.state.tables[pid];
  }
}
