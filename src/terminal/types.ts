/** The minimal terminal the line discipline drives: xterm.js in the browser, stdout in the CLI, @xterm/headless in tests. */
import type { Completion } from '../base/program.ts';

export interface Disposable {
  dispose(): void;
}

export interface TerminalLike {
  write(data: string): void;
  readonly cols: number;
}

/** What the line discipline runs lines against (a LabSession, or a test double). */
export interface LineHandler {
  prompt(): string;
  submit(line: string, recalled: boolean): { output: string; cleared: boolean };
  complete(line: string, cursor: number): Completion | null;
  /** Ctrl-C; returns output to show. */
  interrupt(): string;
  /** Ctrl-L was pressed (the discipline clears the screen itself). */
  clearScreen(): void;
  /** Lines for Up/Down, oldest first. */
  history(): readonly string[];
  /** Ctrl-]: move to the lab's other pane (a two-pane lab in one terminal); returns what to show. */
  switchPane?(): string;
}
