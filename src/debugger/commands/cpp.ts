/**
 * `??`: the C++ expression evaluator, for the integer expressions and sizeof()
 * a kernel session uses. Numbers are decimal unless written 0x…; registers
 * need @. Results print with their C++ type: `int 10`, `unsigned int64 0x1e`.
 */
import { guarded, skipBlanks, type KdCommand } from '../command.ts';
import { ExprError, MAX_NESTING } from '../expr.ts';
import { addr64, hex, u64 } from '../format.ts';
import type { KdSession } from '../session.ts';

interface Value {
  readonly v: bigint;
  /** true: the C++ type is int (a small literal); false: unsigned int64. */
  readonly int: boolean;
}

const BINARY: readonly (readonly string[])[] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<=', '>=', '<', '>'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

/** What the C++ evaluator reads: the line, and the session for registers and types. */
interface CppSource {
  readonly line: string;
  readonly session: KdSession;
}

class Cpp {
  private readonly c: CppSource;
  private i: number;
  constructor(c: CppSource, start: number) {
    this.c = c;
    this.i = start;
  }

  get pos(): number {
    return this.i;
  }

  private peek(op: string): boolean {
    this.i = skipBlanks(this.c.line, this.i);
    return this.c.line.startsWith(op, this.i);
  }

  parse(level = 0): Value {
    if (level === BINARY.length) return this.unary();
    let left = this.parse(level + 1);
    for (;;) {
      const op = BINARY[level].find((o) => this.peek(o) && !(o.length === 1 && '|&<>'.includes(o) && this.c.line[this.i + 1] === o));
      if (!op) return left;
      const at = this.i;
      this.i += op.length;
      const right = this.parse(level + 1);
      left = apply(op, left, right, at);
    }
  }

  private depth = 0;

  private unary(): Value {
    if (this.depth >= MAX_NESTING) throw new ExprError('syntax', skipBlanks(this.c.line, this.i));
    this.depth++;
    try {
      return this.unaryOp();
    } finally {
      this.depth--;
    }
  }

  private unaryOp(): Value {
    for (const op of ['-', '~', '!', '+']) {
      if (this.peek(op)) {
        this.i++;
        const x = this.unary();
        const v = op === '-' ? -x.v : op === '~' ? ~x.v : op === '!' ? (x.v === 0n ? 1n : 0n) : x.v;
        return { v: x.int ? BigInt.asIntN(32, v) : u64(v), int: x.int };
      }
    }
    return this.primary();
  }

  private primary(): Value {
    const line = this.c.line;
    this.i = skipBlanks(line, this.i);
    const at = this.i;
    if (this.peek('(')) {
      this.i++;
      const v = this.parse();
      if (!this.peek(')')) throw new ExprError('bad-syntax', this.i);
      this.i++;
      return v;
    }
    const m = /^(sizeof\s*\(\s*([\w!]+)\s*\)|0x[0-9a-fA-F]+|[0-9]+|@\$?\w+)/.exec(line.slice(at));
    if (!m) throw new ExprError(at >= line.length ? 'missing' : /^[A-Za-z_]/.test(line.slice(at)) ? 'resolve' : 'bad-syntax', at);
    this.i = at + m[0].length;
    if (m[2]) {
      const [mod, name] = m[2].includes('!') ? [m[2].split('!')[0], m[2].split('!')[1]] : [null, m[2]];
      const found = this.c.session.target.types.find(mod, name);
      if (!found) throw new ExprError('resolve', at);
      return { v: BigInt(found.def.size), int: false };
    }
    if (m[0].startsWith('@')) {
      const v = m[0].startsWith('@$') ? this.c.session.pseudo(m[0].slice(2).toLowerCase()) : this.c.session.env.register(m[0].slice(1).toLowerCase());
      if (v === null) throw new ExprError('register', at);
      return { v, int: false };
    }
    const v = BigInt(m[0]);
    return v < 0x80000000n ? { v, int: true } : { v: u64(v), int: false };
  }
}

function apply(op: string, a: Value, b: Value, at: number): Value {
  const int = a.int && b.int;
  const x = int ? a.v : u64(a.v);
  const y = int ? b.v : u64(b.v);
  let v: bigint;
  switch (op) {
    case '+': v = x + y; break;
    case '-': v = x - y; break;
    case '*': v = x * y; break;
    case '/':
    case '%':
      if (y === 0n) throw new ExprError('operand', at);
      v = op === '/' ? x / y : x % y;
      break;
    case '<<': v = x << (y & 63n); break;
    case '>>': v = x >> (y & 63n); break;
    case '&': v = x & y; break;
    case '|': v = x | y; break;
    case '^': v = x ^ y; break;
    default: {
      const r = op === '==' ? x === y : op === '!=' ? x !== y : op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : op === '>=' ? x >= y : op === '&&' ? x !== 0n && y !== 0n : x !== 0n || y !== 0n;
      return { v: r ? 1n : 0n, int: true };
    }
  }
  return { v: int ? BigInt.asIntN(32, v) : u64(v), int };
}

/** One C++ expression of `text` from `start` (for `@@c++(…)` inside a MASM expression). Throws ExprError. */
export function evaluateCpp(session: KdSession, text: string, start: number): { value: bigint; end: number } {
  const p = new Cpp({ line: text, session }, start);
  const r = p.parse();
  return { value: u64(r.v), end: p.pos };
}

export const cpp: KdCommand = {
  verbs: ['??'],
  run(c) {
    return guarded(c, () => {
      const p = new Cpp(c, c.argsStart);
      const start = skipBlanks(c.line, c.argsStart);
      if (start >= c.line.length) throw new ExprError('missing', start);
      const r = p.parse();
      const rest = skipBlanks(c.line, p.pos);
      if (rest < c.line.length) throw new ExprError('syntax', rest);
      if (r.int) c.out.push(`int ${r.v.toString()}`);
      else c.out.push(`unsigned int64 ${r.v <= 9n ? r.v.toString() : r.v >> 32n === 0n ? `0x${hex(r.v)}` : `0x${addr64(r.v)}`}`);
      return true;
    });
  },
};
