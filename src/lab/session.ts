/**
 * A lab session: the machine, the stack of programs sharing one terminal, the
 * grader and the input log. Everything a student does goes through `submit`,
 * `answer`, `hint` or `interrupt`, is appended to the input log, and can be
 * replayed on a fresh, seeded machine to rebuild the same state.
 */
import type { LabEvent } from '../base/events.ts';
import type { Completion, LabAids, Program, ProgramHost } from '../base/program.ts';
import type { Machine, MachineSnapshot } from '../kernel/machine.ts';
import { type GraderState, LabGrader, type ObjectiveStatus } from './grader.ts';
import type { LabDefinition } from './schema.ts';
import { HostLink } from './host.ts';

/** The panes of a lab: the machine's console, and (in a two-pane lab) the host's kernel debugger. */
export type Pane = 'console' | 'host';

/** One thing the student did, as stored in the input log. */
export type InputEntry =
  | { readonly kind: 'line'; readonly text: string; readonly recalled?: boolean }
  | { readonly kind: 'answer'; readonly objective: string; readonly answer: string }
  | { readonly kind: 'hint'; readonly objective?: string }
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'clear' }
  | { readonly kind: 'focus'; readonly pane: Pane }
  | { readonly kind: 'solution' };

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
  /** The pane the line was typed in. */
  readonly pane: Pane;
  /** Output that appeared in the other pane meanwhile (a held console command's, released by `g`). */
  readonly other?: { readonly pane: Pane; readonly text: string };
}

/**
 * A session frozen after some entries of its input log: the machine, its events, the
 * programs on the terminal and what they remember, the grader and the screen. Plain,
 * structured-cloneable data (bigints, Maps and Sets included: see `codec.ts` for text).
 */
export interface SessionCheckpoint {
  readonly v: 1;
  readonly lab: string;
  readonly seed: number;
  /** How many input-log entries it covers (the first `entries` of the log). */
  readonly entries: number;
  readonly machine: MachineSnapshot;
  readonly events: readonly LabEvent[];
  /** The program stack, first program first: each program's name and saved state. */
  readonly programs: readonly { readonly name: string; readonly state: unknown }[];
  readonly grader: GraderState;
  readonly screen: string;
  /** The pane input went to, and the host pane's screen (two-pane labs). */
  readonly pane: Pane;
  readonly hostScreen: string;
  /** The host debugger's saved state (null: a one-pane lab). */
  readonly host: unknown;
}

/** Virtual time a student takes per line: keeps dbgview timestamps and event times moving. */
const MS_PER_LINE = 750;

export type SessionListener = (session: LabSession) => void;

export class LabSession {
  readonly lab: LabDefinition;
  readonly machine: Machine;
  readonly grader: LabGrader;
  private readonly stack: Program[] = [];
  /** The host debugger of a two-pane lab (null: one pane). */
  readonly host: HostLink | null;
  /** The pane lines go to. */
  private focused: Pane = 'console';
  /** The host pane's screen since its last clear. */
  private hostScreenText = '';
  private readonly entries: InputEntry[] = [];
  private readonly listeners = new Set<SessionListener>();
  private out = '';
  private cleared = false;
  /** What the screen shows since the last clear (for restoring the terminal after a reload). */
  private screenText = '';

  readonly seed: number;

  constructor(lab: LabDefinition, seed = lab.seed ?? 1) {
    this.lab = lab;
    this.seed = seed;
    this.machine = lab.machine(seed);
    this.grader = new LabGrader(lab, this.machine);
    const first = lab.program(this.machine);
    this.push(first, null);
    // The banner of the first program is part of the initial screen, not a step.
    this.initialOutput = this.takeOutput().output;
    this.screenText = this.initialOutput;
    this.host = lab.hostDebugger ? new HostLink(this.machine) : null;
    if (this.host) {
      const dbg = this.host.debugger;
      this.guard(dbg, () => dbg.start?.(this.hostFor(dbg)));
      this.hostScreenText = this.takeOutput().output;
    }
  }

  /** The pane lines go to now. */
  get pane(): Pane {
    return this.focused;
  }

  /** The host pane's screen since its last clear (empty in a one-pane lab). */
  get hostScreen(): string {
    return this.hostScreenText;
  }

  /** A pane's screen since its last clear, without its current prompt. */
  screenOf(pane: Pane): string {
    return pane === 'host' ? this.hostScreenText : this.screenText;
  }

  /** The prompt a pane shows now ('' while it takes no commands: a stopped machine's console, a running target's debugger). */
  promptOf(pane: Pane): string {
    if (pane === 'host') return this.host ? this.host.debugger.prompt() : '';
    return this.host?.stopped ? '' : this.consoleProgram.prompt();
  }

  /** Switch the pane input goes to (logged, so a reload comes back to the same pane). */
  focus(pane: Pane): string {
    if (pane === 'host' && !this.host) return '';
    this.entries.push({ kind: 'focus', pane });
    this.focused = pane;
    this.changed();
    return pane === 'host' ? this.hostScreenText : this.screenText;
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

  /**
   * Rebuild a session from a checkpoint and the input log it was taken from: restore the
   * checkpoint, then replay only the entries after it. Throws when the checkpoint does not
   * fit this lab or this log (the caller then replays the whole log). `adopt`: the checkpoint
   * was made for this session alone (decoded from storage): its machine state is taken, not copied.
   */
  static resume(lab: LabDefinition, checkpoint: SessionCheckpoint, log: readonly InputEntry[], adopt = false): LabSession {
    if (checkpoint.entries > log.length) throw new Error('the checkpoint is newer than the log');
    const session = new LabSession(lab, checkpoint.seed);
    session.entries.push(...log.slice(0, checkpoint.entries));
    session.restoreCheckpoint(checkpoint, adopt);
    for (const entry of log.slice(checkpoint.entries)) session.apply(entry);
    return session;
  }

  /**
   * Freeze this session (see `SessionCheckpoint`), or null when a program on the terminal
   * cannot save its state (or, above the first, cannot be made again: `lab.programs`).
   */
  checkpoint(): SessionCheckpoint | null {
    const programs: { name: string; state: unknown }[] = [];
    for (const [i, program] of this.stack.entries()) {
      const state = program.save?.();
      if (state === undefined || (i > 0 && !this.maker(program.name))) return null;
      programs.push({ name: program.name, state });
    }
    // A host debugger in the middle of a stop (or with console lines waiting) is not checkpointed.
    let host: unknown = null;
    if (this.host) {
      if (this.host.stopped || this.host.queued.length > 0 || this.host.released !== null) return null;
      host = this.host.debugger.save();
      if (host === undefined) return null;
    }
    return {
      v: 1,
      lab: this.lab.id,
      seed: this.seed,
      entries: this.entries.length,
      machine: this.machine.snapshot(),
      events: [...this.machine.events.all],
      programs,
      grader: this.grader.save(),
      screen: this.screenText,
      pane: this.focused,
      hostScreen: this.hostScreenText,
      host,
    };
  }

  /**
   * Go back (or forward) to a checkpoint of this lab. The input log is cut to the entries
   * the checkpoint covers, so the log must be the one it was taken from. Listeners hear
   * of the change. Throws (leaving the session as it was) when the checkpoint does not fit.
   * `adopt`: take the checkpoint's machine state as it is (nothing else uses it again).
   */
  restoreCheckpoint(checkpoint: SessionCheckpoint, adopt = false): void {
    if (checkpoint.v !== 1 || checkpoint.lab !== this.lab.id || checkpoint.seed !== this.seed) throw new Error('the checkpoint is of another lab or seed');
    if (checkpoint.entries > this.entries.length) throw new Error('the checkpoint covers entries this session does not have');
    const [first, ...rest] = checkpoint.programs;
    if (!first) throw new Error('the checkpoint has no program');
    const bottom = this.stack[0];
    if (first.name !== bottom.name || !bottom.load) throw new Error(`the checkpoint's program '${first.name}' cannot be restored`);
    if ((checkpoint.host !== null) !== (this.host !== null)) throw new Error('the checkpoint has another set of panes');
    const upper = rest.map(({ name }) => {
      const make = this.maker(name);
      if (!make) throw new Error(`the checkpoint's program '${name}' cannot be made again`);
      return make(this.machine);
    });
    this.machine.restore(checkpoint.machine, adopt);
    this.machine.events.restore(checkpoint.events);
    bottom.load(first.state);
    this.stack.length = 1;
    upper.forEach((program, i) => {
      program.load?.(rest[i].state);
      this.stack.push(program);
    });
    if (this.host && checkpoint.host !== null) this.host.debugger.load(checkpoint.host);
    this.grader.load(checkpoint.grader);
    this.entries.length = checkpoint.entries;
    this.screenText = checkpoint.screen;
    this.focused = checkpoint.pane;
    this.hostScreenText = checkpoint.hostScreen;
    this.out = '';
    this.cleared = false;
    for (const listener of this.listeners) listener(this);
  }

  /** How to make a program of this name again (for programs above the first). */
  private maker(name: string): ((machine: Machine) => Program) | undefined {
    const programs = this.lab.programs;
    return programs && Object.hasOwn(programs, name) ? programs[name] : undefined;
  }

  /** The program of the console pane (the top of its stack). */
  get consoleProgram(): Program {
    return this.stack[this.stack.length - 1];
  }

  /** The program the focused pane runs. */
  get program(): Program {
    return this.focused === 'host' && this.host ? this.host.debugger : this.consoleProgram;
  }

  prompt(): string {
    // A machine stopped in the debugger does not answer at its console: no prompt until it runs.
    return this.promptOf(this.focused);
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
      case 'focus':
        return this.focus(entry.pane);
      case 'solution':
        return this.viewSolution();
    }
  }

  /**
   * One entry of a lab's model solution or a test script, as the terminal would deliver it:
   * Ctrl-] (\x1d) switches panes, Ctrl-C (\x03) interrupts, anything else is a line.
   */
  play(entry: string): Step | string {
    if (entry === '\x1d') return this.focus(this.focused === 'console' ? 'host' : 'console');
    if (entry === '\x03') return this.interrupt();
    return this.submit(entry);
  }

  /** Run one line in the current program. */
  submit(text: string, recalled = false): Step {
    const line = text.replace(/[\r\n]+/g, ' ');
    this.entries.push(recalled ? { kind: 'line', text: line, recalled } : { kind: 'line', text: line });
    const pane = this.focused;
    const program = this.program;
    const prompt = this.prompt();
    this.machine.clock.advance(MS_PER_LINE);
    this.machine.events.emit('session.line', { program: program.name, line, recalled });
    if (pane === 'host' && this.host) return this.submitHost(program, prompt, line);
    if (this.host?.stopped) {
      // The machine is stopped: the line waits in its keyboard buffer.
      this.host.queued.push(line);
      this.appendScreen(`${line}\n`, false);
      this.changed();
      return { program: program.name, prompt, input: line, output: '', cleared: false, pane };
    }
    const { output, cleared, other } = this.runConsoleLine(program, line);
    this.appendScreen(cleared ? output : `${prompt}${line}\n${output}`, cleared);
    this.changed();
    return { program: program.name, prompt, input: line, output, cleared, pane, ...(other ? { other } : {}) };
  }

  /**
   * Run a console line (or, for `\x03`, the console's Ctrl-C: it may end a running tool); under an
   * attached debugger it may stop, and its output is then held.
   */
  private runConsoleLine(program: Program, line: string): { output: string; cleared: boolean; other?: { pane: Pane; text: string } } {
    const host = this.host;
    const once = () => (line === '\x03' ? program.interrupt?.(this.hostFor(program)) : program.run(line, this.hostFor(program)));
    if (!host) {
      this.guard(program, once);
      return this.takeOutput();
    }
    let cleared = false;
    const run = (): string => {
      this.out = '';
      this.guard(program, once);
      const r = this.takeOutput();
      cleared = r.cleared;
      return r.output;
    };
    let hostText = '';
    const dbg = host.debugger;
    const held = host.runConsole(program, run, { ...this.hostFor(dbg), write: (t: string) => (hostText += t) });
    if (held !== null) {
      // What the debugger printed while the command ran to the end (a restart's reconnection).
      if (hostText === '') return { output: held, cleared };
      this.hostScreenText += hostText;
      return { output: held, cleared, other: { pane: 'host', text: hostText } };
    }
    this.hostScreenText += hostText;
    // A breakpoint's own commands (bp x "k;g") may have let the machine finish the command.
    if (!host.stopped && host.released !== null) {
      const output = host.released;
      host.released = null;
      return { output, cleared, other: { pane: 'host', text: hostText } };
    }
    return { output: '', cleared: false, other: { pane: 'host', text: hostText } };
  }

  /** A line in the host debugger's pane; `g` may release a held console command's output. */
  private submitHost(program: Program, prompt: string, line: string): Step {
    const host = this.host as HostLink;
    this.guard(program, () => program.run(line, this.hostFor(program)));
    const { output, cleared } = this.takeOutput();
    this.hostScreenText = cleared ? output : this.hostScreenText + `${prompt}${line}\n${output}`;
    let consoleText = '';
    let hostExtra = '';
    if (host.released !== null) {
      consoleText += host.released;
      host.released = null;
    }
    // Lines typed at the console while the machine was stopped run now, in order (Ctrl-C as \x03).
    while (!host.stopped && host.queued.length > 0) {
      const queued = host.queued.shift() as string;
      const p = this.consoleProgram;
      const before = p.prompt();
      const r = this.runConsoleLine(p, queued);
      consoleText += `${before}${queued === '\x03' ? '^C' : queued}\n${r.output}`;
      if (r.other) hostExtra += r.other.text;
    }
    if (consoleText !== '') this.appendScreen(consoleText, false);
    const other = consoleText !== '' ? { pane: 'console' as const, text: consoleText } : undefined;
    this.changed();
    return { program: program.name, prompt, input: line, output: output + hostExtra, cleared, pane: 'host', ...(other ? { other } : {}) };
  }

  /** Ctrl-C: the current program decides what it means. Returns output to show. */
  interrupt(): string {
    this.entries.push({ kind: 'interrupt' });
    const program = this.program;
    if (this.focused === 'host' && this.host) {
      const dbg = this.host.debugger;
      this.guard(dbg, () => dbg.interrupt(this.hostFor(dbg)));
      const { output } = this.takeOutput();
      this.hostScreenText += `^C\n${output}`;
      this.changed();
      return output;
    }
    const prompt = program.prompt();
    if (this.host?.stopped) {
      // The machine is stopped: the key waits in its keyboard buffer, like a line.
      this.host.queued.push('\x03');
      this.appendScreen(`${prompt}^C\n`, false);
      this.changed();
      return '';
    }
    const { output, other } = this.runConsoleLine(program, '\x03');
    this.appendScreen(`${prompt}^C\n${output}`, false);
    this.interruptOther = other && other.text !== '' ? other : null;
    this.changed();
    return output;
  }

  /** What the last Ctrl-C at the console made the other pane show (a stop it hit in the host debugger). */
  private interruptOther: { pane: Pane; text: string } | null = null;

  /** Take what the last console Ctrl-C sent to the other pane (null: nothing), for a terminal of that pane to show. */
  takeInterruptOther(): { pane: Pane; text: string } | null {
    const other = this.interruptOther;
    this.interruptOther = null;
    return other;
  }

  /** Ctrl-L: the terminal clears itself (the focused pane's); the session records it so it counts and replays. */
  clearScreen(): string {
    this.entries.push({ kind: 'clear' });
    if (this.focused === 'host' && this.host) this.hostScreenText = '';
    else this.screenText = '';
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

  /** The student opened the model solution: recorded like a hint, so progress and the classroom see it. */
  viewSolution(): string {
    this.entries.push({ kind: 'solution' });
    this.machine.events.emit('lab.solution', { views: this.entries.filter((e) => e.kind === 'solution').length });
    this.changed();
    return '';
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

  /** Lines submitted so far (for history): every pane's, or those typed in `pane`. */
  history(pane?: Pane): string[] {
    if (pane === undefined || !this.host) return this.entries.flatMap((e) => (e.kind === 'line' ? [e.text] : []));
    const lines: string[] = [];
    let at: Pane = 'console';
    for (const e of this.entries) {
      if (e.kind === 'focus') at = e.pane;
      else if (e.kind === 'line' && at === pane) lines.push(e.text);
    }
    return lines;
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
