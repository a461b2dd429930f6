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

export interface CommandContext {
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
  complete?(args: readonly string[], partial: string, machine: Machine): string[];
}

/** Win32 error codes the console itself uses. */
export const ERROR_SUCCESS = 0;
export const ERROR_INVALID_FUNCTION = 1;
export const ERROR_FILE_NOT_FOUND = 2;
export const ERROR_INVALID_PARAMETER = 87;
/** cmd.exe's %ERRORLEVEL% for an unknown command. */
export const STATUS_COMMAND_NOT_FOUND = 9009;
