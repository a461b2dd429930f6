/**
 * Opening a dump file the lab machine wrote (`kd -z`, `.opendump`): the
 * machine is rebuilt from the state frozen in the file, and the debugger
 * reads it through the same target class as the live machine, in dump mode.
 */
import { Machine } from '../../kernel/machine.ts';
import { bootWindows, type Kernel } from '../../kernel/nt.ts';
import { readDumpContent } from '../../kernel/ke/crashdump.ts';
import { fullPath } from '../../kernel/fs/files.ts';
import { LiveTarget } from './target.ts';

/** The opened dump, or the message kd prints when it cannot open the file. */
export function openDumpFile(k: Kernel, path: string, cwd: string): { target: LiveTarget; path: string } | string {
  const full = fullPath(cwd, path.replace(/^"|"$/g, ''));
  const file = k.fs.file(full);
  if (!file) return `Could not open dump file [${path}], Win32 error 0n2\n    "The system cannot find the file specified."`;
  const snap = readDumpContent(file.content);
  if (!snap) return `Could not open dump file [${path}], HRESULT 0x80004002\n    "No such interface supported"`;
  const m = new Machine({ seed: 1, computerName: k.machine.computerName });
  const frozen = bootWindows(m);
  m.restore(snap);
  return { target: new LiveTarget(frozen, 'dump'), path: file.path };
}
