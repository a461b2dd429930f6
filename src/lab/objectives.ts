/** Helpers to write objectives concisely. */
import type { LabEventOf, LabEventType } from '../base/events.ts';
import type { CheckResult, Choice, Grade, HintLadder, ObjectiveContext, QuestionObjective, TaskObjective } from './schema.ts';

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

/** A multiple-choice question. The student answers with the choice key (a, b, ...). */
export function choiceQuestion(spec: { id: string; title: string; question: string; choices: readonly Choice[]; hints: HintLadder }): QuestionObjective {
  const keys = spec.choices.map((c) => c.key).join(', ');
  return {
    kind: 'question',
    ...spec,
    grade(answer: string): Grade {
      const given = normalizeAnswer(answer).replace(/^\(?([a-z0-9]+)\)?$/, '$1');
      const choice = spec.choices.find((c) => c.key.toLowerCase() === given);
      if (!choice) return { correct: false, feedback: `Answer with one of the choice letters: ${keys}.` };
      return { correct: choice.correct === true, feedback: choice.feedback };
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
  spec: { id: string; title: string; question: string; placeholder: string; hints: HintLadder },
  grade: (answer: string) => Grade,
): QuestionObjective {
  return { kind: 'question', id: spec.id, title: spec.title, question: spec.question, placeholder: spec.placeholder, hints: spec.hints, grade };
}

/**
 * A question whose answer is a number (an offset, an address, a status code).
 * `feedback(value)` teaches: given the parsed wrong value, say what it is and where to look.
 */
export function numberQuestion(spec: {
  id: string;
  title: string;
  question: string;
  expected: bigint;
  placeholder: string;
  hints: HintLadder;
  right: string;
  wrong: (value: bigint) => string;
}): QuestionObjective {
  return freeQuestion(spec, (answer) => {
    const value = parseNumber(answer);
    if (value === null) return { correct: false, feedback: `'${answer.trim()}' is not a number. Write it as ${spec.placeholder}.` };
    if (value === spec.expected) return { correct: true, feedback: spec.right };
    return { correct: false, feedback: spec.wrong(value) };
  });
}

/**
 * A question answered with a word or name (a register, a field). The answer is
 * normalised (trimmed, lower-case) and then by `normalize` if given (e.g. to
 * drop an '@' or a type prefix) before it is compared with `accept`.
 */
export function wordQuestion(spec: {
  id: string;
  title: string;
  question: string;
  placeholder: string;
  /** Accepted answers, already normalised. */
  accept: readonly string[];
  normalize?: (answer: string) => string;
  right: string;
  wrong: (given: string) => string;
  hints: HintLadder;
}): QuestionObjective {
  return freeQuestion(spec, (answer) => {
    const base = normalizeAnswer(answer);
    const given = spec.normalize ? spec.normalize(base) : base;
    if (spec.accept.includes(given)) return { correct: true, feedback: spec.right };
    return { correct: false, feedback: spec.wrong(given) };
  });
}
