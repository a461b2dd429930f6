/**
 * A lab session: the machine, the stack of programs sharing one terminal, the
 * grader and the input log. Everything a student does goes through `submit`,
 * `answer`, `hint` or `interrupt`, is appended to the input log, and can be
 * replayed on a fresh, seeded machine to rebuild the same state.
 */
import type { LabEvent } from '../base/events.ts';
import type { Completion, LabAids, Program, ProgramHost } from '../base/program.ts';
import type { Machine } from '../kernel/machine.ts';
import { LabGrader, type ObjectiveStatus } from './grader.ts';
import type { LabDefinition } from './schema.ts';

/** One thing the student did, as stored in the input log. */
export type InputEntry =
  | { readonly kind: 'line'; readonly text: string; readonly recalled?: boolean }
  | { readonly kind: 'answer'; readonly objective: string; readonly answer: string }
  | { readonly kind: 'hint'; readonly objective?: string }
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'clear' };

/** What one submitted line did on screen. */
export interface Step {
  /** The program that read the line. */
  readonly program: string;
  readonly prompt: string;
  readonly input: string;
  /** Output after the last screen clear in this step (with '\n' line ends). */
  readonly output: string;
  /** True when the step cleared the screen. */
  readonly cleared: boolean;
}

/** Virtual time a student takes per line: keeps dbgview timestamps and event times moving. */
const MS_PER_LINE = 750;

export type SessionListener = (session: LabSession) => void;

export class LabSession {
  readonly lab: LabDefinition;
  readonly machine: Machine;
  readonly grader: LabGrader;
  private readonly stack: Program[] = [];
  private readonly entries: InputEntry[] = [];
  private readonly listeners = new Set<SessionListener>();
  private out = '';
  private cleared = false;
  /** What the screen shows since the last clear (for restoring the terminal after a reload). */
  private screenText = '';

  constructor(lab: LabDefinition, seed = lab.seed ?? 1) {
    this.lab = lab;
    this.machine = lab.machine(seed);
    this.grader = new LabGrader(lab, this.machine);
    const first = lab.program(this.machine);
    this.push(first, null);
    // The banner of the first program is part of the initial screen, not a step.
    this.initialOutput = this.takeOutput().output;
    this.screenText = this.initialOutput;
  }

  /** The screen's text since the last clear, prompts and echoed input included (without the current prompt). */
  get screen(): string {
    return this.screenText;
  }

  private appendScreen(text: string, cleared: boolean): void {
    this.screenText = cleared ? text : this.screenText + text;
    // Keep the restore buffer bounded (the terminal's scrollback is bounded too).
    if (this.screenText.length > 200_000) this.screenText = this.screenText.slice(-150_000).replace(/^[^\n]*\n/, '');
  }

  /** What the terminal shows before the first prompt (a program's banner). */
  readonly initialOutput: string;

  /** Rebuild a session by replaying an input log on a fresh machine. */
  static replay(lab: LabDefinition, log: readonly InputEntry[], seed?: number): LabSession {
    const session = new LabSession(lab, seed);
    for (const entry of log) session.apply(entry);
    return session;
  }

  get program(): Program {
    return this.stack[this.stack.length - 1];
  }

  prompt(): string {
    return this.program.prompt();
  }

  get log(): readonly InputEntry[] {
    return this.entries;
  }

  get events(): readonly LabEvent[] {
    return this.machine.events.all;
  }

  objectives(): ObjectiveStatus[] {
    return this.grader.statuses();
  }

  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Apply a logged entry (used by replay and by the live terminal alike). */
  apply(entry: InputEntry): Step | string {
    switch (entry.kind) {
      case 'line':
        return this.submit(entry.text, entry.recalled === true);
      case 'answer':
        return this.answer(entry.objective, entry.answer);
      case 'hint':
        return this.hint(entry.objective);
      case 'interrupt':
        return this.interrupt();
      case 'clear':
        return this.clearScreen();
    }
  }

  /** Run one line in the current program. */
  submit(text: string, recalled = false): Step {
    const line = text.replace(/[\r\n]+/g, ' ');
    this.entries.push(recalled ? { kind: 'line', text: line, recalled } : { kind: 'line', text: line });
    const program = this.program;
    const prompt = program.prompt();
    this.machine.clock.advance(MS_PER_LINE);
    this.machine.events.emit('session.line', { program: program.name, line, recalled });
    this.guard(program, () => program.run(line, this.hostFor(program)));
    const { output, cleared } = this.takeOutput();
    this.appendScreen(cleared ? output : `${prompt}${line}\n${output}`, cleared);
    this.changed();
    return { program: program.name, prompt, input: line, output, cleared };
  }

  /** Ctrl-C: the current program decides what it means. Returns output to show. */
  interrupt(): string {
    this.entries.push({ kind: 'interrupt' });
    const program = this.program;
    const prompt = program.prompt();
    if (program.interrupt) this.guard(program, () => program.interrupt?.(this.hostFor(program)));
    const { output } = this.takeOutput();
    this.appendScreen(`${prompt}^C\n${output}`, false);
    this.changed();
    return output;
  }

  /** Ctrl-L: the terminal clears itself; the session records it so it counts and replays. */
  clearScreen(): string {
    this.entries.push({ kind: 'clear' });
    this.screenText = '';
    this.machine.events.emit('terminal.clear', { program: this.program.name, how: 'key' });
    this.changed();
    return '';
  }

  /** Answer a question objective (from the panel, or `lab answer`). Returns the feedback. */
  answer(objective: string, answer: string): string {
    this.entries.push({ kind: 'answer', objective, answer });
    const text = this.aids.answer(objective, answer);
    this.changed();
    return text;
  }

  /** Take the next hint for an objective (default: the first unmet). Returns the hint text. */
  hint(objective?: string): string {
    this.entries.push(objective === undefined ? { kind: 'hint' } : { kind: 'hint', objective });
    const text = this.aids.hint(objective);
    this.changed();
    return text;
  }

  complete(line: string, cursor: number): Completion | null {
    const program = this.program;
    if (!program.complete) return null;
    try {
      return program.complete(line, cursor);
    } catch {
      return null;
    }
  }

  /** Lines submitted so far (for history). */
  history(): string[] {
    return this.entries.flatMap((e) => (e.kind === 'line' ? [e.text] : []));
  }

  /** The lab aids as a program offers them: texts name the aid the way that program types it. */
  private aidsFor(prefix: string): LabAids {
    return {
      status: () => this.grader.statusText(prefix),
      questions: () => this.grader.questionsText(prefix),
      hint: (objective?: string) => this.grader.hint(objective),
      answer: (objective: string, answer: string) => this.grader.answer(objective, answer, prefix),
    };
  }

  private readonly aids: LabAids = this.aidsFor('lab');

  private push(program: Program, from: Program | null): void {
    this.stack.push(program);
    this.machine.events.emit('program.start', { program: program.name, from: from?.name ?? null });
    if (program.start) this.guard(program, () => program.start?.(this.hostFor(program)));
  }

  private hostFor(program: Program): ProgramHost {
    return {
      write: (text: string) => {
        this.out += text;
      },
      clear: () => {
        this.out = '';
        this.cleared = true;
        this.machine.events.emit('terminal.clear', { program: program.name, how: 'command' });
      },
      emit: (type, data) => {
        this.machine.events.emit(type, data);
      },
      spawn: (next: Program) => this.push(next, program),
      exit: () => {
        if (this.stack.length > 1 && this.program === program) {
          this.stack.pop();
          this.machine.events.emit('program.exit', { program: program.name });
        }
      },
      lab: this.aidsFor(program.labAidPrefix ?? 'lab'),
      history: () => this.history(),
    };
  }

  /** No exception escapes to the student: an engine fault is reported like a tool error. */
  private guard(program: Program, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.out += `${program.name}: internal error: ${message}\n`;
    }
  }

  private takeOutput(): { output: string; cleared: boolean } {
    const result = { output: this.out, cleared: this.cleared };
    this.out = '';
    this.cleared = false;
    return result;
  }

  private changed(): void {
    this.grader.update();
    for (const listener of this.listeners) listener(this);
  }
}
