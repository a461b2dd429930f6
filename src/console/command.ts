/**
 * A console command: its parser, help and implementation live together in one
 * file under `commands/`. `run` returns the exit status (a Win32 error code,
 * 0 for success) which the console reports in its `console.command` event.
 */
import type { ProgramHost } from '../base/program.ts';
import type { Machine } from '../kernel/machine.ts';

export interface ConsoleState {
  /** Current directory, e.g. 'C:\\Windows\\system32'. */
  cwd: string;
  /** Environment variables (names compared case-insensitively; stored upper-case). */
  readonly env: Map<string, string>;
}

/** The lab machine's files, as the console sees them (for redirection and filters). */
export interface ConsoleFiles {
  /** A text file's content, or a Win32 error code (2: not found, 3: no such path, 5: a directory). */
  read(path: string): string | number;
  /** Create or replace (append: extend) a text file; returns a Win32 error code (0 on success). */
  write(path: string, text: string, append: boolean): number;
}

export interface CommandContext {
  /** Where the command writes: the terminal, a pipe or a file (see `out`). */
  readonly host: ProgramHost;
  readonly machine: Machine;
  readonly state: ConsoleState;
  /** The whole line as typed (after %VAR% expansion). */
  readonly line: string;
  /** The text after the command name, untouched (for tools with their own parsing, like echo). */
  readonly rest: string;
  /** All commands known to this console (for help). */
  readonly commands: readonly ConsoleCommand[];
  /** Print text followed by a line end. */
  out(text?: string): void;
  /** What was piped in (`a | b` gives b the output of a), or null when nothing was. */
  readonly stdin: string | null;
  /** The machine's files, when this console has a file system. */
  readonly files: ConsoleFiles | null;
}

export interface ConsoleCommand {
  /** Lower-case name as typed ('sc', 'devcon'). */
  readonly name: string;
  /** One line for `help`. */
  readonly summary: string;
  /** Full usage, printed by `help <name>` and `<name> /?`. */
  readonly help: string;
  run(args: readonly string[], ctx: CommandContext): number;
  /** Candidates for the argument being typed (args so far, the partial word). */
  complete?(args: readonly string[], partial: string, machine: Machine, state: ConsoleState): string[];
}

/** Win32 error codes the console itself uses. */
export const ERROR_SUCCESS = 0;
export const ERROR_INVALID_FUNCTION = 1;
export const ERROR_FILE_NOT_FOUND = 2;
export const ERROR_INVALID_PARAMETER = 87;
/** cmd.exe's %ERRORLEVEL% for an unknown command. */
export const STATUS_COMMAND_NOT_FOUND = 9009;
