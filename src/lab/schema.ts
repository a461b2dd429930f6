/**
 * What a lab is, as data. A lab lives in `labs/<id>/lab.ts` and default-exports
 * a `LabDefinition` (use `defineLab` for checking). A new lab needs no engine change.
 */
import type { EventView } from '../base/events.ts';
import type { Program } from '../base/program.ts';
import type { Machine } from '../kernel/machine.ts';

/**
 * A ladder that teaches: a nudge, then where to look, then how to reason. An
 * optional fourth rung may show the command outright; it is labelled as giving
 * the objective away, and taking it is recorded like every rung.
 */
export type HintLadder =
  | readonly [nudge: string, whereToLook: string, reasoning: string]
  | readonly [nudge: string, whereToLook: string, reasoning: string, givesAway: string];

/** What each rung of a hint ladder is called, in the panel, in `lab hint` and on the dashboard. */
export const HINT_RUNGS = ['Nudge', 'Where to look', 'How to reason', 'Gives it away'] as const;

/** The name of rung `level` (1-based). */
export function rungName(level: number): string {
  return HINT_RUNGS[level - 1] ?? 'Hint';
}

/**
 * What an objective's check sees: the events so far and the machine's state.
 * The grader re-checks an unmet objective only when it may answer differently:
 * after a new event of a type the check looked up with `events.of` / `ofSince`,
 * or on every change when the check read `machine`, `events.all`, `count` or
 * `since`. A check that only needs events it has not seen yet reads
 * `events.ofSince(type, from)`: its cost then does not grow with the session.
 */
export interface ObjectiveContext {
  readonly events: EventView;
  readonly machine: Machine;
  /** The first event `seq` this objective's check has not seen (0 on its first check). */
  readonly from: number;
}

export type CheckResult = { readonly done: true } | { readonly done: false; readonly why: string };

interface ObjectiveBase {
  /** Short id, used in `lab answer <id>` and `lab hint <id>` ([a-z0-9-]). */
  readonly id: string;
  /** One line: what to do. */
  readonly title: string;
  readonly hints: HintLadder;
}

/** Met when the student has done something, judged from events and machine state. */
export interface TaskObjective extends ObjectiveBase {
  readonly kind: 'task';
  check(ctx: ObjectiveContext): CheckResult;
}

/** Teaching feedback: fixed text, or text that quotes the student's own machine. */
export type Feedback = string | ((ctx: ObjectiveContext) => string);

export interface Choice {
  /** 'a', 'b', ... what the student types (the choice's text is accepted too). */
  readonly key: string;
  readonly text: string;
  /** Said when this choice is picked: why it is right or wrong. */
  readonly feedback: Feedback;
  readonly correct?: boolean;
}

export interface Grade {
  readonly correct: boolean;
  readonly feedback: string;
}

/** Met when the student answers correctly, in the lab panel or with `lab answer`. */
export interface QuestionObjective extends ObjectiveBase {
  readonly kind: 'question';
  readonly question: string;
  /** Multiple choice; absent for a free value (an offset, a name...). */
  readonly choices?: readonly Choice[];
  /** What a free-value answer is, for the panel's placeholder and `lab questions` (e.g. 'a register name', 'a hex offset such as 0x10'). */
  readonly placeholder?: string;
  /**
   * The evidence the question is about: until the student has produced it in
   * this session, the question stays closed and `why` says what is still needed.
   * Absent: the question is open from the start.
   */
  evidence?(ctx: ObjectiveContext): CheckResult;
  /** At most this many answers may be given (absent: no cap). Shown with the question. */
  readonly maxAttempts?: number;
  /** Grade an answer against the student's own session (`ctx`). */
  grade(answer: string, ctx: ObjectiveContext): Grade;
}

export type Objective = TaskObjective | QuestionObjective;

/** A known-wrong attempt: input lines that must leave the named objectives unmet. */
export interface WrongAttempt {
  readonly name: string;
  readonly input: readonly string[];
  /** Objective ids this attempt must not meet. */
  readonly unmet: readonly string[];
}

/**
 * One part of a lab's debrief: the objectives whose evidence it draws on, the
 * article's claims (ids in the course's claims list, e.g. 'C6') that evidence
 * bears on, what it shows, and what the same step looks like on a real machine.
 */
export interface DebriefItem {
  readonly title: string;
  readonly objectives: readonly string[];
  readonly claims: readonly string[];
  readonly shows: string;
  readonly realMachine: string;
}

/** A terminal pane of the lab's workbench (a lab has one, the console, unless it lists more). */
export interface LabPane {
  /** Which of the session's panes it shows: the machine's console, or the host debugger (a `hostDebugger` lab). */
  readonly id: 'console' | 'host';
  /** Its name on a tab and for screen readers ("Target console", "Host debugger"). */
  readonly title: string;
}

/** The two panes of a lab with a host debugger: the machine's console and the host's kd. */
export const CONSOLE_AND_HOST: readonly LabPane[] = [
  { id: 'console', title: 'Lab machine: console' },
  { id: 'host', title: 'Host computer: kd' },
];

export interface LabDefinition {
  readonly id: string;
  readonly title: string;
  /** One or two sentences shown above the terminal. */
  readonly summary: string;
  /** Seed for the machine's random source (default 1). */
  readonly seed?: number;
  /** Build the machine the lab starts from. */
  machine(seed: number): Machine;
  /** The program the terminal starts in. */
  program(machine: Machine): Program;
  /**
   * A second pane: a host computer's kernel debugger attached to the lab machine. With `panes`
   * listing 'console' and 'host', the workbench gives each its own terminal; without, both share
   * one and Ctrl-] switches between them. While the machine is stopped in the debugger its
   * console does not respond.
   */
  readonly hostDebugger?: boolean;
  /**
   * Programs the first one may hand the terminal to, by name, made fresh on `machine`: a
   * session checkpoint taken while one of them runs is restored through these (optional).
   */
  readonly programs?: Readonly<Record<string, (machine: Machine) => Program>>;
  readonly objectives: readonly Objective[];
  /** The workbench's terminal panes, side by side on a wide screen (default: one console pane). */
  readonly panes?: readonly LabPane[];
  /**
   * The model solution: what a student would type, one entry per line.
   * Entries are fed through the terminal's line discipline, so they may hold
   * key sequences (e.g. '\x1b[A' for Up) before the line is submitted.
   */
  readonly solution: readonly string[];
  readonly wrong: readonly WrongAttempt[];
  /** What the lab's debrief ties the student's work to (src/lab/debrief.ts builds it from the session). */
  readonly debrief?: readonly DebriefItem[];
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

/** Check a lab definition's shape; returns the problems found (empty when valid). */
export function validateLab(lab: LabDefinition): string[] {
  const problems: string[] = [];
  if (!ID.test(lab.id)) problems.push(`lab id '${lab.id}' must match ${ID}`);
  if (!lab.title.trim()) problems.push('lab has no title');
  if (lab.objectives.length === 0) problems.push('lab has no objectives');
  const seen = new Set<string>();
  for (const o of lab.objectives) {
    if (!ID.test(o.id)) problems.push(`objective id '${o.id}' must match ${ID}`);
    if (seen.has(o.id)) problems.push(`objective id '${o.id}' is used twice`);
    seen.add(o.id);
    if ((o.hints.length !== 3 && o.hints.length !== 4) || o.hints.some((h) => !h.trim())) {
      problems.push(`objective '${o.id}' needs three teaching hints (and at most one that gives it away)`);
    }
    if (o.kind === 'question') {
      if (o.choices && !o.choices.some((c) => c.correct)) problems.push(`question '${o.id}' has no correct choice`);
      const keys = new Set(o.choices?.map((c) => c.key.toLowerCase()));
      if (o.choices && keys.size !== o.choices.length) problems.push(`question '${o.id}' repeats a choice key`);
      if (o.maxAttempts !== undefined && !(Number.isInteger(o.maxAttempts) && o.maxAttempts >= 1))
        problems.push(`question '${o.id}' caps attempts at ${o.maxAttempts}`);
    }
  }
  const panes = new Set<string>();
  for (const pane of lab.panes ?? []) {
    if (pane.id !== 'console' && pane.id !== 'host') problems.push(`pane id '${pane.id}' must be 'console' or 'host'`);
    if (pane.id === 'host' && !lab.hostDebugger) problems.push("pane 'host' needs hostDebugger: true");
    if (panes.has(pane.id)) problems.push(`pane id '${pane.id}' is used twice`);
    if (!pane.title.trim()) problems.push(`pane '${pane.id}' has no title`);
    panes.add(pane.id);
  }
  if (lab.solution.length === 0) problems.push('lab has no model solution');
  if (lab.wrong.length === 0) problems.push('lab has no known-wrong attempts');
  for (const d of lab.debrief ?? []) {
    for (const id of d.objectives) if (!seen.has(id)) problems.push(`debrief '${d.title}' names unknown objective '${id}'`);
  }
  for (const w of lab.wrong) {
    if (w.unmet.length === 0) problems.push(`wrong attempt '${w.name}' names no objective it leaves unmet`);
    for (const id of w.unmet) if (!seen.has(id)) problems.push(`wrong attempt '${w.name}' names unknown objective '${id}'`);
  }
  return problems;
}

/** Identity with type checking; also throws early on an invalid definition. */
export function defineLab(lab: LabDefinition): LabDefinition {
  const problems = validateLab(lab);
  if (problems.length > 0) throw new Error(`invalid lab '${lab.id}': ${problems.join('; ')}`);
  return lab;
}

/** A lab's terminal panes: its own list, or the one console pane every lab has. */
export function labPanes(lab: Pick<LabDefinition, 'panes'>): readonly LabPane[] {
  return lab.panes && lab.panes.length > 0 ? lab.panes : [{ id: 'console', title: 'Console' }];
}
