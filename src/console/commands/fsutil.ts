/** Helpers the file commands share: messages for Win32 file errors, paths, wildcard lookup. */
import { baseName, parentDir } from '../../kernel/fs/files.ts';
import { fullPathOf } from '../drives.ts';
import { win32Message } from '../../kernel/win32.ts';
import type { CommandContext, ConsoleCommand, ConsoleFiles, FileInfo } from '../command.ts';
import { wildcardMatch } from './ntcommon.ts';

const MESSAGES = new Map<number, string>([
  [17, 'The system cannot move the file to a different disk drive.'],
  [32, 'The process cannot access the file because it is being used by another process.'],
  [145, 'The directory is not empty.'],
  [183, 'Cannot create a file when that file already exists.'],
  [267, 'The directory name is invalid.'],
]);

/** The system's text for a Win32 file error. */
export function fileError(code: number): string {
  return MESSAGES.get(code) ?? win32Message(code);
}

export const SYNTAX_ERROR = 'The syntax of the command is incorrect.';

/** Say cmd.exe's syntax error; the command's status (1). */
export function syntaxError(ctx: CommandContext): 1 {
  ctx.err(SYNTAX_ERROR);
  return 1;
}

/** The DOS device names (CON, NUL, PRN, AUX, COM1-9, LPT1-9), with any extension. */
export const DEVICE = /^(con|nul|prn|aux|com[1-9]|lpt[1-9])(\..*)?$/i;

/** The console's files, or (after saying so) null when the lab's machine has no file system. */
export function filesOf(ctx: CommandContext): ConsoleFiles | null {
  if (!ctx.files) ctx.err("lab: this lab's machine has no file system.");
  return ctx.files;
}

/** A command over the machine's files: `run` gets them; with none (a lab without a file system) the command says so and fails. */
export function fileCommand(
  def: Omit<ConsoleCommand, 'run'> & { run(args: readonly string[], ctx: CommandContext, files: ConsoleFiles): number },
): ConsoleCommand {
  const { run, ...rest } = def;
  return {
    ...rest,
    run(args, ctx) {
      const files = filesOf(ctx);
      return files ? run(args, ctx, files) : 1;
    },
  };
}

/** A directory as cmd.exe shows it: without its trailing backslash, except a drive's root. */
export function shownDir(path: string): string {
  return path.length === 3 ? path : withoutSlash(path);
}

/** A path without a trailing backslash. */
export function withoutSlash(path: string): string {
  return path.replace(/\\$/, '');
}

export function resolve(ctx: CommandContext, path: string): string {
  return fullPathOf(ctx.state, path);
}

export const hasWildcards = (name: string) => /[*?]/.test(name);

/** cmd.exe's name matching: * and ?, and a trailing '.*' also matches a name with no extension ('*.*' is everything). */
export function nameMatches(pattern: string, name: string): boolean {
  if (wildcardMatch(pattern, name, true)) return true;
  return pattern.endsWith('.*') && !name.includes('.') && wildcardMatch(pattern.slice(0, -2), name, true);
}

/**
 * The entries a path names: the entry itself, or the matches of a wildcard in its
 * last part. A Win32 error code when its directory does not exist.
 */
export function matching(files: ConsoleFiles, path: string): FileInfo[] | number {
  const name = baseName(path);
  if (!hasWildcards(name)) {
    const one = files.stat(path);
    return typeof one === 'number' ? one : [one];
  }
  if (hasWildcards(parentDir(path))) return 123;
  const list = files.list(parentDir(path));
  if (typeof list === 'number') return list;
  return list.filter((f) => nameMatches(name, baseName(f.path)));
}

/** Split switches ('/s', '/Q', '/a:-d') from the other arguments. */
export function switches(args: readonly string[]): { flags: string[]; rest: string[] } {
  const flags: string[] = [];
  const rest: string[] = [];
  for (const a of args) {
    if (a.startsWith('/') && a.length > 1) for (const part of a.slice(1).split('/')) flags.push(part.toLowerCase());
    else rest.push(a);
  }
  return { flags, rest };
}
