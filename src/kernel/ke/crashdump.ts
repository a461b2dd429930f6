/**
 * Writing a kernel memory dump after a bug check. The dump is the machine
 * frozen at the crash: its whole state, from which a debugger rebuilds the
 * same memory, processes and bug-check data (a real dump holds the kernel's
 * pages; here the pages are computed from the state, as on the live machine).
 * Earlier dumps on the disk are left out of the one being written.
 */
import type { Kernel } from '../nt.ts';
import type { MachineSnapshot } from '../machine.ts';
import type { FsState } from '../fs/files.ts';

/** The signature a 64-bit Windows dump file starts with. */
export const DUMP_SIGNATURE = 'PAGEDU64';
export const MEMORY_DMP = 'C:\\Windows\\MEMORY.DMP';
/** What `dir` shows for a kernel dump of this machine (a Windows 7 x64 kernel dump of about 256 MB). */
const DUMP_SIZE = 268_713_984;

function withoutDumps(snap: MachineSnapshot): MachineSnapshot {
  const fs = snap.parts['fs'] as FsState | undefined;
  if (!fs) return snap;
  const files: FsState['files'] = {};
  for (const [key, f] of Object.entries(fs.files)) if (!f.content?.startsWith(DUMP_SIGNATURE)) files[key] = f;
  return { ...snap, parts: { ...snap.parts, fs: { ...fs, files } } };
}

/** The dump file's content for the machine as it is now. */
export function dumpContent(k: Kernel): string {
  return DUMP_SIGNATURE + JSON.stringify(withoutDumps(k.machine.snapshot()));
}

/** Write C:\Windows\MEMORY.DMP (or another path, for .dump) from the machine as it is now. */
export function writeCrashDump(k: Kernel, path = MEMORY_DMP): void {
  const content = dumpContent(k);
  k.fs.write(path, { size: DUMP_SIZE, written: k.now(), content, image: null });
}

/** The machine state inside a dump file's content; null when it is not a dump this machine wrote. */
export function readDumpContent(content: string | null): MachineSnapshot | null {
  if (!content || !content.startsWith(DUMP_SIGNATURE)) return null;
  try {
    const snap = JSON.parse(content.slice(DUMP_SIGNATURE.length)) as MachineSnapshot;
    return typeof snap === 'object' && snap !== null && typeof snap.parts === 'object' ? snap : null;
  } catch {
    return null;
  }
}
