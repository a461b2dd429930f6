/**
 * A console command: its parser, help and implementation live together in one
 * file under `commands/`. `run` returns the exit status (a Win32 error code,
 * 0 for success) which the console reports in its `console.command` event.
 */
import type { ProgramHost } from '../base/program.ts';
import type { Machine } from '../kernel/machine.ts';
import type { Environment } from './environment.ts';

export interface ConsoleState {
  /** Current directory, e.g. 'C:\\Windows\\system32': the current drive's (other drives' are in `env` as '=Z:', see drives.ts). */
  cwd: string;
  /** Environment variables (names compared case-insensitively). */
  readonly env: Environment;
  /** ECHO ON / OFF: with echo off, cmd.exe shows no prompt. */
  echo: boolean;
  /** The console window's title (TITLE). */
  title: string;
  /** Directories saved by PUSHD, most recent last. */
  readonly pushed: string[];
  /**
   * What a tool program keeps between its runs in this console (DebugView's Clear Display
   * mark), by tool name: the tool's own state, not the machine's. Values are plain data.
   */
  readonly tools: Map<string, unknown>;
}

/** One directory entry as the console sees it. */
export interface FileInfo {
  /** Full path in its stored case. */
  readonly path: string;
  readonly dir: boolean;
  readonly size: number;
  /** Last write time, ms since 1970 (virtual). */
  readonly written: number;
  /** A program or driver image (binary), not text. */
  readonly binary: boolean;
}

/** A drive's volume, as VOL and DIR show it. */
export interface VolumeInfo {
  readonly label: string;
  readonly serial: string;
  readonly freeBytes: number;
}

/**
 * The machine's files, as the console sees them: every file command goes through
 * this narrow interface (paths are full Win32 paths; failures are Win32 error codes).
 */
export interface ConsoleFiles {
  /** A text file's content, or a Win32 error code (2: not found, 3: no such path, 5: a directory). */
  read(path: string): string | number;
  /** Create or replace (append: extend) a text file; returns a Win32 error code (0 on success). */
  write(path: string, text: string, append: boolean): number;
  /** The entry at `path`, or a Win32 error code (2 or 3). */
  stat(path: string): FileInfo | number;
  /**
   * The entries directly in a directory whose names match `pattern` (Win32 wildcards; default
   * '*'), in the volume's order (NTFS: by upcased name), or a Win32 error code.
   */
  list(dir: string, pattern?: string): FileInfo[] | number;
  /** Create one directory (its parent must exist); a Win32 error code. */
  mkdir(path: string): number;
  /** Remove an empty directory; a Win32 error code (145 when not empty). */
  rmdir(path: string): number;
  /** Delete a file; a Win32 error code. */
  remove(path: string): number;
  /** Copy a file (replacing the target); a Win32 error code. */
  copy(from: string, to: string): number;
  /** Rename or move a file or directory on the same volume (the target must not exist); a Win32 error code. */
  rename(from: string, to: string): number;
  /** A new name (hard link) `link` for the existing file `target` (CreateHardLinkW); a Win32 error code. */
  link(link: string, target: string): number;
  /** A file's named (alternate) data streams, name and size, or a Win32 error code. */
  streams(path: string): { name: string; size: number }[] | number;
  /** The volume of a drive ('C:'), or null when the drive does not exist. */
  volume(drive: string): VolumeInfo | null;
}

export interface CommandContext {
  /** Where the command writes: the terminal, a pipe or a file (see `out`). */
  readonly host: ProgramHost;
  readonly machine: Machine;
  readonly state: ConsoleState;
  /** The whole line as typed (after %VAR% expansion). */
  readonly line: string;
  /** The text after the command name and the one blank that ends it (for tools with their own parsing). */
  readonly rest: string;
  /** Everything after the command name, untouched: ECHO needs the delimiter ('echo.', 'echo:'). */
  readonly tail: string;
  /** All commands known to this console (for help). */
  readonly commands: readonly ConsoleCommand[];
  /** Print text followed by a line end. */
  out(text?: string): void;
  /** Print an error message (standard error) followed by a line end. */
  err(text: string): void;
  /** What was piped in (`a | b` gives b the output of a), or null when nothing was. */
  readonly stdin: string | null;
  /** The machine's files, when this console has a file system. */
  readonly files: ConsoleFiles | null;
  /** The command a name (as typed) runs in this console, if any. */
  lookup(name: string): ConsoleCommand | undefined;
  /**
   * A tool's thread is left waiting for its synchronous request that has not completed: when
   * the command returns, its process stays, the console shows no prompt, and the tool's
   * `resume` runs once the process has no request pending; Ctrl-C ends the process instead.
   * Absent for built-ins.
   */
  readonly block?: (wait: ToolWait) => void;
}

/** How a blocked tool waits: plain data its `resume` gets back, and the waiting thread's stack. */
export interface ToolWait {
  /** Structured-cloneable data for `resume` (what the tool still has to print, its handles…). */
  readonly data: unknown;
  /** The waiting thread's stack (innermost first), for the debugger's view of it. */
  readonly frames: readonly string[];
}

export interface ConsoleCommand {
  /** Lower-case name as typed ('sc', 'devcon'). */
  readonly name: string;
  /** One line for `help`. */
  readonly summary: string;
  /** Full usage, printed by `help <name>` and `<name> /?`. */
  readonly help: string;
  run(args: readonly string[], ctx: CommandContext): number;
  /** A blocked tool's request completed (see `CommandContext.block`): finish the run; returns its exit status. */
  resume?(data: unknown, ctx: CommandContext): number;
  /**
   * cmd.exe built-ins such as ECHO, CLS, TITLE and RD leave %ERRORLEVEL% as it was
   * (a failure still counts for `||`, which then sets it). Others set it to their status.
   */
  readonly keepsErrorlevel?: boolean;
  /** Other names for the same command (MKDIR for MD). */
  readonly aliases?: readonly string[];
  /** Candidates for the argument being typed (args so far, the partial word). */
  complete?(args: readonly string[], partial: string, machine: Machine, state: ConsoleState): string[];
}

/** Win32 error codes the console itself uses. */
export const ERROR_SUCCESS = 0;
export const ERROR_INVALID_FUNCTION = 1;
export const ERROR_FILE_NOT_FOUND = 2;
export const ERROR_INVALID_PARAMETER = 87;
export const ERROR_PATH_NOT_FOUND = 3;
export const ERROR_ACCESS_DENIED = 5;
export const ERROR_NOT_SAME_DEVICE = 17;
export const ERROR_SHARING_VIOLATION = 32;
export const ERROR_INVALID_NAME = 123;
export const ERROR_DIR_NOT_EMPTY = 145;
export const ERROR_ALREADY_EXISTS = 183;
export const ERROR_DIRECTORY = 267;
/** cmd.exe's %ERRORLEVEL% for an unknown command. */
export const STATUS_COMMAND_NOT_FOUND = 9009;
