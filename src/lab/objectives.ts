/** Helpers to write objectives concisely. */
import type { LabEventOf, LabEventType } from '../base/events.ts';
import type { CheckResult, Choice, Feedback, Grade, HintLadder, ObjectiveContext, QuestionObjective, TaskObjective } from './schema.ts';

export const met: CheckResult = { done: true };
export const notYet = (why: string): CheckResult => ({ done: false, why });

/**
 * A task met when some event of `type` satisfies `pred`. Each check looks only at the
 * events of that type it has not seen, so `pred` sees each event once, when it arrives.
 */
export function whenEvent<K extends LabEventType>(
  spec: { id: string; title: string; hints: HintLadder; why: string },
  type: K,
  pred: (e: LabEventOf<K>, ctx: ObjectiveContext) => boolean = () => true,
): TaskObjective {
  return {
    kind: 'task',
    id: spec.id,
    title: spec.title,
    hints: spec.hints,
    check: (ctx) => (ctx.events.ofSince(type, ctx.from).some((e) => pred(e, ctx)) ? met : notYet(spec.why)),
  };
}

/** Normalise an answer for comparison: trim, lower-case, collapse spaces, drop a trailing period. */
export function normalizeAnswer(answer: string): string {
  return answer.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.]$/, '');
}

/** What every question may add: the evidence it opens on and a cap on attempts. */
interface QuestionExtras {
  evidence?: (ctx: ObjectiveContext) => CheckResult;
  maxAttempts?: number;
}

/** Feedback as text, for the student's own session. */
export function feedbackText(feedback: Feedback, ctx: ObjectiveContext): string {
  return typeof feedback === 'string' ? feedback : feedback(ctx);
}

/** Where a question stands: closed until its evidence exists, then open until its attempts run out. */
export interface QuestionGate {
  readonly open: boolean;
  /** Why it is closed ('' when open). */
  readonly why: string;
  readonly attempts: number;
  /** Attempts left (null: no cap). */
  readonly left: number | null;
}

export function questionGate(q: QuestionObjective, ctx: ObjectiveContext): QuestionGate {
  const attempts = ctx.events.of('lab.answer').filter((e) => e.objective === q.id).length;
  const left = q.maxAttempts === undefined ? null : Math.max(0, q.maxAttempts - attempts);
  let evidence: CheckResult;
  try {
    evidence = q.evidence ? q.evidence(ctx) : { done: true };
  } catch (err) {
    evidence = { done: false, why: `The check failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!evidence.done) return { open: false, why: `Still needed before this question opens: ${evidence.why}`, attempts, left };
  if (left === 0) return { open: false, why: `No attempts left (${q.maxAttempts} of ${q.maxAttempts} used).`, attempts, left };
  return { open: true, why: '', attempts, left };
}

/**
 * A multiple-choice question. The student answers with the choice key (a, b, ...)
 * or with the choice's text, as they would naturally say it.
 */
export function choiceQuestion(
  spec: {
    id: string;
    title: string;
    question: string;
    choices: readonly Choice[];
    hints: HintLadder;
  } & QuestionExtras,
): QuestionObjective {
  const keys = spec.choices.map((c) => c.key).join(', ');
  const plain = (t: string) =>
    normalizeAnswer(t)
      .replace(/[.,;:!?'"`’]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  return {
    kind: 'question',
    ...spec,
    grade(answer: string, ctx: ObjectiveContext): Grade {
      const given = normalizeAnswer(answer);
      const byKey = given.replace(/^\(?([a-z0-9]+)\)?$/, '$1');
      // 'b', '(b)', 'b) Only SwPnp', or the text of the choice itself.
      const lead = /^\(?([a-z0-9])[).:]\s+(.+)$/.exec(given);
      const choice =
        spec.choices.find((c) => c.key.toLowerCase() === byKey) ??
        spec.choices.find((c) => plain(c.text) === plain(answer)) ??
        (lead ? spec.choices.find((c) => c.key.toLowerCase() === lead[1] && plain(c.text).startsWith(plain(lead[2]))) : undefined);
      if (!choice) return { correct: false, feedback: `Answer with one of the choice letters (${keys}) or the text of a choice.` };
      return { correct: choice.correct === true, feedback: feedbackText(choice.feedback, ctx) };
    },
  };
}

/** Parse a number the way a kernel developer writes it: 0x10, 10h, 0n16, or plain decimal. */
export function parseNumber(text: string): bigint | null {
  const t = text.trim().toLowerCase().replace(/`/g, '');
  try {
    if (/^0x[0-9a-f]+$/.test(t)) return BigInt(t);
    if (/^[0-9a-f]+h$/.test(t)) return BigInt('0x' + t.slice(0, -1));
    if (/^0n[0-9]+$/.test(t)) return BigInt(t.slice(2));
    if (/^[0-9]+$/.test(t)) return BigInt(t);
  } catch {
    return null;
  }
  return null;
}

/** A question answered with a free value (no choices), graded by `grade`. */
function freeQuestion(
  spec: { id: string; title: string; question: string; placeholder: string; hints: HintLadder } & QuestionExtras,
  grade: (answer: string, ctx: ObjectiveContext) => Grade,
): QuestionObjective {
  const { id, title, question, placeholder, hints, evidence, maxAttempts } = spec;
  return { kind: 'question', id, title, question, placeholder, hints, grade, ...(evidence ? { evidence } : {}), ...(maxAttempts ? { maxAttempts } : {}) };
}

/**
 * A question whose answer is a number (an offset, an address, a status code).
 * `expected` reads the value from the student's own session; `wrong(value)`
 * teaches: given the parsed wrong value, say what it is and where to look.
 */
export function numberQuestion(
  spec: {
    id: string;
    title: string;
    question: string;
    expected: (ctx: ObjectiveContext) => bigint | null;
    placeholder: string;
    hints: HintLadder;
    right: Feedback;
    wrong: (value: bigint, ctx: ObjectiveContext) => string;
  } & QuestionExtras,
): QuestionObjective {
  return freeQuestion(spec, (answer, ctx) => {
    const value = parseNumber(answer);
    if (value === null) return { correct: false, feedback: `'${answer.trim()}' is not a number. Write it as ${spec.placeholder}.` };
    if (value === spec.expected(ctx)) return { correct: true, feedback: feedbackText(spec.right, ctx) };
    return { correct: false, feedback: spec.wrong(value, ctx) };
  });
}

/**
 * The name a student means when they paste a line of debugger output instead
 * of the bare name: a `dt` field line (`+0x090 OpenedNameCache : _NAME_…`)
 * gives its field, a register dump pair (`rsi=0000009d00000000`) its register.
 */
export function nameFromPastedLine(answer: string): string {
  const t = answer.trim();
  const field = /^\+0x[0-9a-f]+\s+([A-Za-z_][\w.]*)\s*:/i.exec(t);
  if (field) return field[1];
  const reg = /^@?([a-z][a-z0-9]*)\s*=\s*[0-9a-f`]+$/i.exec(t);
  if (reg) return reg[1];
  return t;
}

/**
 * A question answered with a word or name (a register, a field). The answer is
 * taken from a pasted debugger line if it is one, normalised (trimmed,
 * lower-case) and then by `normalize` if given (e.g. to drop an '@' or a type
 * prefix) before it is compared with `accept`.
 */
export function wordQuestion(
  spec: {
    id: string;
    title: string;
    question: string;
    placeholder: string;
    /** Accepted answers, already normalised. */
    accept: readonly string[];
    normalize?: (answer: string) => string;
    right: Feedback;
    wrong: (given: string, ctx: ObjectiveContext) => string;
    hints: HintLadder;
  } & QuestionExtras,
): QuestionObjective {
  return freeQuestion(spec, (answer, ctx) => {
    const base = normalizeAnswer(nameFromPastedLine(answer));
    const given = spec.normalize ? spec.normalize(base) : base;
    if (spec.accept.includes(given)) return { correct: true, feedback: feedbackText(spec.right, ctx) };
    return { correct: false, feedback: spec.wrong(given, ctx) };
  });
}
