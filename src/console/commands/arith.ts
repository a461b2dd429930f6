/**
 * SET /A arithmetic: 32-bit signed integers, cmd.exe's operators and precedence
 * (highest first: grouping; unary ! ~ -; * / %; + -; << >>; &; ^; |; assignment
 * = *= /= %= += -= &= ^= |= <<= >>=; the comma), decimal, 0x hex and 0 octal
 * numbers, and environment variables by name (an undefined one is 0).
 *
 * Evaluated with two explicit stacks (shunting-yard), so parentheses nested
 * any depth cost no call stack, and time is linear in the expression's length.
 */
import type { Environment } from '../environment.ts';

/** cmd.exe's messages (and the %ERRORLEVEL% it leaves) for a bad expression. */
export const ARITH_ERRORS = {
  operand: { text: 'Missing operand.', code: 1073750988 },
  operator: { text: 'Missing operator.', code: 1073750989 },
  paren: { text: 'Unbalanced parenthesis.', code: 1073750990 },
  number: { text: 'Invalid number.  Numeric constants are either decimal (17),\nhexadecimal (0x11), or octal (021).', code: 1073750992 },
  divide: { text: 'Divide by zero error.', code: 1073750993 },
} as const;

export type ArithError = (typeof ARITH_ERRORS)[keyof typeof ARITH_ERRORS];

class Failure {
  readonly error: ArithError;

  constructor(error: ArithError) {
    this.error = error;
  }
}

type Operand = { value: number; name: string | null };

const BINARY: Record<string, number> = { '*': 7, '/': 7, '%': 7, '+': 6, '-': 6, '<<': 5, '>>': 5, '&': 4, '^': 3, '|': 2 };
const ASSIGN = new Set(['=', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '<<=', '>>=']);
const UNARY_PREC = 8;
const ASSIGN_PREC = 1;
const COMMA_PREC = 0;

const i32 = (n: number) => n | 0;

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '*':
      return Math.imul(a, b);
    case '/':
      if (b === 0) throw new Failure(ARITH_ERRORS.divide);
      return i32(Math.trunc(a / b));
    case '%':
      if (b === 0) throw new Failure(ARITH_ERRORS.divide);
      return i32(a % b);
    case '+':
      return i32(a + b);
    case '-':
      return i32(a - b);
    case '<<':
      return b < 0 || b > 31 ? 0 : i32(a << b);
    case '>>':
      return b < 0 ? 0 : a >> Math.min(b, 31);
    case '&':
      return a & b;
    case '^':
      return a ^ b;
    case '|':
      return a | b;
    default:
      throw new Failure(ARITH_ERRORS.operator);
  }
}

function parseNumber(text: string): number {
  let value: number;
  if (/^0x[0-9a-f]+$/i.test(text)) value = parseInt(text.slice(2), 16);
  else if (/^0[0-7]*$/.test(text)) value = parseInt(text, 8);
  else if (/^[1-9][0-9]*$/.test(text) && text.length <= 10 && Number(text) <= 0x7fffffff) value = Number(text);
  else throw new Failure(ARITH_ERRORS.number);
  // A constant beyond 32 bits is refused, as cmd.exe refuses it.
  if (!Number.isFinite(value) || value > 0xffffffff) throw new Failure(ARITH_ERRORS.number);
  return i32(value);
}

/** Evaluate an expression; the value of its last comma-separated part, or the error. */
export function evaluateArithmetic(expr: string, env: Environment): { value: number } | { error: ArithError } {
  try {
    return { value: new Evaluator(expr, env).run() };
  } catch (e) {
    if (e instanceof Failure) return { error: e.error };
    throw e;
  }
}

class Evaluator {
  private readonly values: Operand[] = [];
  private readonly ops: { op: string; prec: number; unary: boolean }[] = [];

  private readonly expr: string;
  private readonly env: Environment;

  constructor(expr: string, env: Environment) {
    this.expr = expr;
    this.env = env;
  }

  private read(operand: Operand): number {
    if (operand.name === null) return operand.value;
    const v = this.env.get(operand.name);
    if (v === undefined) return 0;
    const m = /^\s*(-?)(0x[0-9a-f]+|[0-9]+)/i.exec(v);
    if (!m) return 0;
    try {
      return i32((m[1] ? -1 : 1) * parseNumber(m[2]));
    } catch {
      return 0;
    }
  }

  private pop(): Operand {
    const v = this.values.pop();
    if (!v) throw new Failure(ARITH_ERRORS.operand);
    return v;
  }

  private reduce(): void {
    const top = this.ops.pop();
    if (!top || top.op === '(') throw new Failure(ARITH_ERRORS.paren);
    if (top.unary) {
      const a = this.read(this.pop());
      this.values.push({ value: top.op === '-' ? i32(-a) : top.op === '~' ? ~a : top.op === '!' ? (a === 0 ? 1 : 0) : a, name: null });
      return;
    }
    const right = this.pop();
    const left = this.pop();
    if (top.op === ',') {
      this.values.push({ value: this.read(right), name: null });
      return;
    }
    if (ASSIGN.has(top.op)) {
      if (left.name === null) throw new Failure(ARITH_ERRORS.operand);
      const b = this.read(right);
      const value = top.op === '=' ? b : apply(top.op.slice(0, -1), this.read(left), b);
      this.env.set(left.name, String(value));
      this.values.push({ value, name: null });
      return;
    }
    this.values.push({ value: apply(top.op, this.read(left), this.read(right)), name: null });
  }

  /** Reduce while the operator on the stack binds at least as tightly (right-assoc: tighter). */
  private pushOperator(op: string, prec: number, unary: boolean, rightAssoc: boolean): void {
    while (this.ops.length > 0) {
      const top = this.ops[this.ops.length - 1];
      if (top.op === '(') break;
      if (unary) break;
      if (top.prec > prec || (top.prec === prec && !rightAssoc)) this.reduce();
      else break;
    }
    this.ops.push({ op, prec, unary });
  }

  run(): number {
    const s = this.expr;
    let i = 0;
    let expectOperand = true;
    while (i < s.length) {
      const ch = s[i];
      if (ch === ' ' || ch === '\t' || ch === '"') {
        i++;
        continue;
      }
      if (expectOperand) {
        if (ch === '(') {
          this.ops.push({ op: '(', prec: -1, unary: false });
          i++;
          continue;
        }
        if (ch === '-' || ch === '+' || ch === '!' || ch === '~') {
          this.pushOperator(ch, UNARY_PREC, true, true);
          i++;
          continue;
        }
        let j = i;
        if (/[0-9]/.test(ch)) {
          while (j < s.length && /[0-9a-zA-Z]/.test(s[j])) j++;
          this.values.push({ value: parseNumber(s.slice(i, j)), name: null });
          i = j;
          expectOperand = false;
          continue;
        }
        while (j < s.length && !/[\s()!~*/%+\-<>&^|=,"]/.test(s[j])) j++;
        if (j === i) throw new Failure(ARITH_ERRORS.operand);
        this.values.push({ value: 0, name: s.slice(i, j) });
        i = j;
        expectOperand = false;
        continue;
      }
      if (ch === ')') {
        while (this.ops.length > 0 && this.ops[this.ops.length - 1].op !== '(') this.reduce();
        if (this.ops.length === 0) throw new Failure(ARITH_ERRORS.paren);
        this.ops.pop();
        i++;
        continue;
      }
      const three = s.slice(i, i + 3);
      const two = s.slice(i, i + 2);
      const op = ASSIGN.has(three) ? three : ASSIGN.has(two) || two === '<<' || two === '>>' ? two : ch;
      if (ASSIGN.has(op)) this.pushOperator(op, ASSIGN_PREC, false, true);
      else if (op === ',') this.pushOperator(op, COMMA_PREC, false, false);
      else if (BINARY[op] !== undefined && Object.hasOwn(BINARY, op)) this.pushOperator(op, BINARY[op], false, false);
      else throw new Failure(ARITH_ERRORS.operator);
      i += op.length;
      expectOperand = true;
    }
    if (expectOperand) throw new Failure(ARITH_ERRORS.operand);
    while (this.ops.length > 0) {
      if (this.ops[this.ops.length - 1].op === '(') throw new Failure(ARITH_ERRORS.paren);
      this.reduce();
    }
    if (this.values.length !== 1) throw new Failure(ARITH_ERRORS.operator);
    return this.read(this.values[0]);
  }
}
