/**
 * DbgPrint / DbgPrintEx and the kernel's debug print buffer (what DbgView
 * captures). Messages are filtered by component masks the way Vista and later
 * do it (Debug Print Filter registry values read at boot), and each kept message
 * records when it was printed (virtual time), by which module, and which IRP
 * that module was handling at the time.
 */
import { Subsystem } from '../subsystem.ts';

export const DPFLTR_ERROR_LEVEL = 0;
export const DPFLTR_WARNING_LEVEL = 1;
export const DPFLTR_TRACE_LEVEL = 2;
export const DPFLTR_INFO_LEVEL = 3;
export type DbgComponent = 'DEFAULT' | 'IHVDRIVER';

export interface DbgEntry {
  seq: number;
  /** Virtual ms since boot. */
  time: number;
  text: string;
  module: string;
  /** The IRP the printing module was handling, if any. */
  irp: { major: number; minor: number; id: number } | null;
}

export interface RtlState {
  entries: DbgEntry[];
  nextSeq: number;
  masks: Record<DbgComponent, number>;
}

const MAX_ENTRIES = 4096;
/** Kd_WIN2000_Mask: error-level messages always pass. */
const WIN2000_MASK = 1;

export class DebugPrint extends Subsystem<RtlState> {
  readonly snapshotKey = 'rtl';

  constructor() {
    super({ entries: [], nextSeq: 0, masks: { DEFAULT: 0, IHVDRIVER: 0 } });
  }

  /** Would a message at this component and level be kept? */
  passes(component: DbgComponent, level: number): boolean {
    const bit = level < 32 ? 1 << level : level;
    return ((WIN2000_MASK | this.state.masks[component]) & bit) !== 0;
  }

  print(component: DbgComponent, level: number, text: string, time: number, module: string, irp: DbgEntry['irp']): boolean {
    if (!this.passes(component, level)) return false;
    for (const line of text.replace(/\n$/, '').split('\n')) {
      this.state.entries.push({ seq: this.state.nextSeq++, time, text: line, module, irp });
    }
    if (this.state.entries.length > MAX_ENTRIES) this.state.entries.splice(0, this.state.entries.length - MAX_ENTRIES);
    return true;
  }
}

/** Which entries a DbgView display shows: from `from` (a seq), optionally only those containing `filter`. */
export function selectEntries(entries: readonly DbgEntry[], from: number, filter: string | null): DbgEntry[] {
  const f = filter?.toLowerCase() ?? null;
  return entries.filter((e) => e.seq >= from && (f === null || e.text.toLowerCase().includes(f)));
}
