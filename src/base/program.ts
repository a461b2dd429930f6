/**
 * A program that runs in a lab terminal: the console, the debugger, ...
 *
 * Programs are synchronous and deterministic. They never touch the terminal
 * directly: they write text (with '\n' line ends) through their host, emit
 * typed events, and may hand the terminal to another program.
 */
import type { LabEventMap, LabEventType } from './events.ts';

/** What the host running a program offers it. */
export interface ProgramHost {
  /** Append output. Use '\n' for line ends; the terminal layer translates. */
  write(text: string): void;
  /** Clear the screen (cls). */
  clear(): void;
  /** Record a typed event for grading. */
  emit<K extends LabEventType>(type: K, data: LabEventMap[K]): void;
  /** Hand the terminal to `program`; it gets it back when that one calls exit(). */
  spawn(program: Program): void;
  /** Give the terminal back to the program that spawned this one (no-op for the first program). */
  exit(): void;
  /** Lab aids (`lab …` in the console, `.lab …` in the debugger). */
  readonly lab: LabAids;
  /** The lines submitted so far in this lab, oldest first (for `history`, `doskey /history`). */
  history(): readonly string[];
}

/** The lab-aid services a program can offer its user. Output is the text to print. */
export interface LabAids {
  /** `lab` / `lab status`: the objectives and their state. */
  status(): string;
  /** `lab hint [objective]`: the next hint for an objective (default: the first unmet). */
  hint(objective?: string): string;
  /** `lab answer <objective> <answer>`: answer a question objective; returns teaching feedback. */
  answer(objective: string, answer: string): string;
  /** `lab questions`: list question objectives with their choices. */
  questions(): string;
}

/** Completion candidates for the word before the cursor. */
export interface Completion {
  /** Index in the line where the word being completed starts. */
  from: number;
  /** Full replacement candidates for line.slice(from, cursor). */
  candidates: string[];
}

export interface Program {
  /** Short name used in events ('console', 'kd'). */
  readonly name: string;
  /** How the lab aid is typed in this program: 'lab' (the default) or '.lab' in the debugger. */
  readonly labAidPrefix?: string;
  /** The prompt to show before the next line. */
  prompt(): string;
  /** Called once when the program takes the terminal (for a banner). */
  start?(host: ProgramHost): void;
  /** Run one line of input. */
  run(line: string, host: ProgramHost): void;
  /** Tab completion for `line` with the cursor at `cursor`. */
  complete?(line: string, cursor: number): Completion | null;
  /** Ctrl-C while at the prompt or during a command. */
  interrupt?(host: ProgramHost): void;
  /**
   * What the program remembers between lines (current directory, last command, ...) as
   * structured-cloneable data, for session checkpoints. A program without `save`, or whose
   * `save` returns undefined (it cannot be saved just now), is not checkpointed: the session
   * then replays its input instead.
   */
  save?(): unknown;
  /** Take back what `save()` returned, on a program made the same way (same machine, same options). */
  load?(state: unknown): void;
}
