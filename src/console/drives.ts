/**
 * cmd.exe's drives: the current directory is the current drive's, and cmd keeps
 * the current directory of each other drive it has been on in a hidden
 * environment variable named '=X:' (the convention CreateProcess documents), which
 * SET does not list but %=X:% expands. A path resolves as GetFullPathName
 * resolves it: 'Z:file' against Z:'s current directory, '\dir' on the current
 * drive, 'dir' against the current directory.
 */
import { fullPath } from '../kernel/fs/files.ts';
import type { ConsoleState } from './command.ts';

/** The drive of a full path, upper case ('Z:'). */
export const driveOf = (path: string): string => path.slice(0, 2).toUpperCase();

/** The hidden variable holding a drive's current directory. */
const driveVariable = (drive: string) => `=${drive.slice(0, 2).toUpperCase()}`;

/** Whether a name is one of the hidden per-drive variables ('=C:'). */
export const isDriveVariable = (name: string): boolean => /^=[a-z]:$/i.test(name);

/** A drive's current directory: the current one for the current drive, the one cmd remembers, else its root. */
export function driveDirectory(state: ConsoleState, drive: string): string {
  const d = drive.slice(0, 2).toUpperCase();
  if (driveOf(state.cwd) === d) return state.cwd;
  return state.env.get(driveVariable(d)) ?? `${d}\\`;
}

/** Make `dir` (a full path as cmd shows it) the current directory: its drive becomes the current drive. */
export function setCurrentDirectory(state: ConsoleState, dir: string): void {
  state.cwd = dir;
  state.env.set(driveVariable(dir), dir);
}

/** Change the current directory of `dir`'s drive (CD without /D): the current drive stays current. */
export function setDriveDirectory(state: ConsoleState, dir: string): void {
  if (driveOf(dir) === driveOf(state.cwd)) setCurrentDirectory(state, dir);
  else state.env.set(driveVariable(dir), dir);
}

/** A new session's cmd.exe: `dir` is current and no other drive has a directory remembered. */
export function resetDrives(state: ConsoleState, dir: string): void {
  for (const [name] of state.env.entries()) if (isDriveVariable(name)) state.env.delete(name);
  setCurrentDirectory(state, dir);
}

/** The full path a typed path names, drive-relative paths ('Z:file', 'Z:') against that drive's current directory. */
export function fullPathOf(state: ConsoleState, path: string): string {
  const p = path.replace(/\//g, '\\');
  if (/^[a-z]:(?!\\)/i.test(p)) return fullPath(driveDirectory(state, p), p.slice(2) || '.');
  return fullPath(state.cwd, p);
}
