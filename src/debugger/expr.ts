/**
 * The MASM expression evaluator. Default radix 16; 0x/0n/0t/0y prefixes and
 * an `h` suffix; backtick-separated 64-bit values; @reg and pseudo-registers;
 * poi/by/wo/dwo/qwo/hi/low/not; module!symbol+offset; WinDbg's precedence
 * (* / mod %, + -, << >> >>>, comparisons, and, xor, or); kernel-mode sign
 * extension of bare 32-bit constants.
 */
import { u64 } from './format.ts';
import { wildcard } from './wildcard.ts';

/** What the evaluator can ask the debugger. Each returns null when the name is unknown / memory unreadable. */
export interface ExprEnv {
  register(name: string): bigint | null;
  /** `$ip`, `$proc`… (name without `$`). */
  pseudo(name: string): bigint | null;
  /** `module!name` (module null when unqualified; name '' for a bare module). */
  symbol(module: string | null, name: string): bigint | null;
  read(address: bigint, size: number): bigint | null;
  /** The target's pointer size in bytes (what `poi` reads): 8 unless the target is 32-bit. */
  pointerSize?(): number;
  /** Kernel mode sign-extends 32-bit constants. */
  readonly kernel: boolean;
  /** The default radix for numbers without a prefix (`n`): 16, 10 or 8. */
  radix?(): number;
  /** `$vvalid`: every byte of [address, address+length) can be read. */
  valid?(address: bigint, length: bigint): boolean;
  /** `$iment`: the entry point of the image loaded at `base`; null when no module starts there. */
  imageEntry?(base: bigint): bigint | null;
  /** The C++ evaluator, for `@@c++(…)`: one expression from `start`, stopping before what cannot continue it. */
  cpp?(text: string, start: number): { readonly value: bigint; readonly end: number };
}

/**
 * 'syntax': the command line cannot be parsed (caret form); 'bad-syntax': the
 * evaluator met something it cannot parse (`Syntax error at '…'`).
 */
export type ExprErrorKind = 'resolve' | 'register' | 'memory' | 'missing' | 'syntax' | 'bad-syntax' | 'operand' | 'type';

export class ExprError {
  readonly kind: ExprErrorKind;
  /** Index in the evaluated text where the failing token starts. */
  readonly pos: number;
  constructor(kind: ExprErrorKind, pos: number) {
    this.kind = kind;
    this.pos = pos;
  }
}

export interface ExprResult {
  readonly value: bigint;
  /** Index just past the expression. */
  readonly end: number;
}

const WORD = /[A-Za-z0-9_!$@`:?]/;
/** Nesting (parentheses, unary operators) deeper than this is refused as a syntax error, not a stack overflow. */
export const MAX_NESTING = 256;
const UNARY_WORDS = new Set(['poi', 'by', 'wo', 'dwo', 'qwo', 'hi', 'low', 'not']);
const BINARY_WORDS = new Set(['mod', 'and', 'xor', 'or']);

interface Tok {
  readonly kind: 'num' | 'word' | 'op' | 'end' | 'embed';
  readonly text: string;
  readonly pos: number;
  readonly end: number;
}

/** Evaluate a maximal expression starting at `start`; stops before text that cannot continue it. */
export function evaluate(text: string, env: ExprEnv, start = 0): ExprResult {
  const p = new Parser(text, env, start);
  const value = p.parseOr();
  return { value: u64(value), end: p.lastEnd };
}

/**
 * Parse a number literal the MASM way; null if `word` is not a number. A
 * prefix (0x 0n 0t 0y) or an `h` suffix names the base, else the default
 * radix applies. In kernel mode a constant from 0x80000000 to 0xFFFFFFFF is
 * sign-extended unless it was written with a backtick.
 */
export function parseNumberWord(word: string, kernel: boolean, radix = 16): bigint | null {
  // The common case first: a short bare number in the default radix.
  if (radix === 16 && word.length <= 7 && /^[0-9a-fA-F]+$/.test(word)) return BigInt('0x' + word);
  const w = word.toLowerCase();
  const hasTick = w.includes('`');
  const t = hasTick ? w.replace(/`/g, '') : w;
  let v: bigint | null = null;
  if (/^0x[0-9a-f]*$/.test(t)) v = t.length === 2 ? 0n : BigInt(t);
  else if (/^0n[0-9]*$/.test(t)) v = t.length === 2 ? 0n : BigInt(t.slice(2));
  else if (/^0t[0-7]*$/.test(t)) v = t.length === 2 ? 0n : BigInt('0o' + t.slice(2));
  else if (/^0y[01]*$/.test(t)) v = t.length === 2 ? 0n : BigInt('0b' + t.slice(2));
  else if (radix === 16 && /^[0-9a-f]+$/.test(t)) v = BigInt('0x' + t);
  else if (radix === 10 && /^[0-9]+$/.test(t)) v = BigInt(t);
  else if (radix === 8 && /^[0-7]+$/.test(t)) v = BigInt('0o' + t);
  // A trailing h marks hex even after a leading letter: `ah` is 0xa (write @ah for the register).
  else if (/^[0-9a-f]+h$/.test(t)) v = BigInt('0x' + t.slice(0, -1));
  if (v === null) return null;
  if (v >= 1n << 64n) return null;
  if (kernel && !hasTick && v >= 0x80000000n && v <= 0xffffffffn) v |= 0xffffffff00000000n;
  return v;
}

/** The MASM functions: `$name(` followed by their arguments. */
const FUNCTIONS = new Set(['vvalid', 'scmp', 'sicmp', 'spat', 'iment']);

/** MASM's binary operators by precedence, loosest first (or, xor, and, comparisons, shifts, + -, * / mod). */
const LEVELS: readonly { readonly ops: ReadonlySet<string>; readonly apply: (op: string, a: bigint, b: bigint, pos: number) => bigint }[] = [
  { ops: new Set(['or', '|']), apply: (_o, a, b) => u64(a | b) },
  { ops: new Set(['xor', '^']), apply: (_o, a, b) => u64(a ^ b) },
  { ops: new Set(['and', '&']), apply: (_o, a, b) => u64(a & b) },
  {
    // Comparisons are unsigned 64-bit: -1 is the largest value.
    ops: new Set(['=', '==', '!=', '<', '>', '<=', '>=']),
    apply: (op, a, b) => {
      const x = u64(a);
      const y = u64(b);
      const r = op === '=' || op === '==' ? x === y : op === '!=' ? x !== y : op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
      return r ? 1n : 0n;
    },
  },
  {
    ops: new Set(['<<', '>>', '>>>']),
    apply: (op, a, b) => {
      const n = b & 63n;
      if (op === '<<') return u64(a << n);
      if (op === '>>') return u64(a) >> n;
      return u64(signed(a) >> n);
    },
  },
  { ops: new Set(['+', '-']), apply: (op, a, b) => u64(op === '+' ? a + b : a - b) },
  {
    ops: new Set(['*', '/', '%', 'mod']),
    apply: (op, a, b, pos) => {
      if (op === '*') return u64(a * b);
      if (u64(b) === 0n) throw new ExprError('operand', pos);
      // Division and remainder are unsigned 64-bit too.
      return op === '/' ? u64(a) / u64(b) : u64(a) % u64(b);
    },
  },
];

class Parser {
  private readonly text: string;
  private readonly env: ExprEnv;
  private pos: number;
  lastEnd: number;
  /** Where the last token taken starts (a failed dereference is reported there). */
  private lastPos: number;
  private peeked: Tok | null = null;

  constructor(text: string, env: ExprEnv, start: number) {
    this.text = text;
    this.env = env;
    this.pos = start;
    this.lastEnd = start;
    this.lastPos = start;
  }

  private peek(): Tok {
    if (this.peeked) return this.peeked;
    let i = this.pos;
    while (i < this.text.length && (this.text[i] === ' ' || this.text[i] === '\t')) i++;
    if (i >= this.text.length) return (this.peeked = { kind: 'end', text: '', pos: i, end: i });
    const c = this.text[i];
    // @@c++( … ), @@masm( … ), @@( … ): an expression in the named (or the other) evaluator.
    const embed = c === '@' ? /^@@(c\+\+|masm)?\(/i.exec(this.text.slice(i, i + 8)) : null;
    if (embed) return (this.peeked = { kind: 'embed', text: (embed[1] ?? 'c++').toLowerCase(), pos: i, end: i + embed[0].length });
    if (c === '<' || c === '>' || c === '=' || c === '!') {
      const two = this.text.slice(i, i + 2);
      if (this.text.startsWith('>>>', i)) return (this.peeked = { kind: 'op', text: '>>>', pos: i, end: i + 3 });
      if (['<<', '>>', '==', '!=', '<=', '>='].includes(two)) return (this.peeked = { kind: 'op', text: two, pos: i, end: i + 2 });
    }
    if ('+-*/%()[]<>=&|^'.includes(c)) return (this.peeked = { kind: 'op', text: c, pos: i, end: i + 1 });
    if (c === '.' && !WORD.test(this.text[i + 1] ?? ' ')) return (this.peeked = { kind: 'word', text: '.', pos: i, end: i + 1 });
    if (WORD.test(c)) {
      let j = i;
      while (j < this.text.length && WORD.test(this.text[j])) j++;
      return (this.peeked = { kind: 'word', text: this.text.slice(i, j), pos: i, end: j });
    }
    return (this.peeked = { kind: 'op', text: c, pos: i, end: i + 1 });
  }

  private take(): Tok {
    const t = this.peek();
    this.peeked = null;
    this.pos = t.end;
    if (t.kind !== 'end') {
      this.lastEnd = t.end;
      this.lastPos = t.pos;
    }
    return t;
  }

  /** One precedence level after another (LEVELS, loosest first); below the last come the unary operators. */
  private level(k: number): bigint {
    if (k === LEVELS.length) return this.parseUnary();
    const lv = LEVELS[k];
    let left = this.level(k + 1);
    for (;;) {
      const t = this.peek();
      const op = t.kind === 'word' ? t.text.toLowerCase() : t.text;
      if ((t.kind === 'op' || (t.kind === 'word' && BINARY_WORDS.has(op))) && lv.ops.has(op)) {
        this.take();
        const right = this.level(k + 1);
        left = lv.apply(op, left, right, t.pos);
      } else return left;
    }
  }

  parseOr(): bigint {
    return this.level(0);
  }

  private depth = 0;

  private parseUnary(): bigint {
    const t = this.peek();
    if (this.depth >= MAX_NESTING) throw new ExprError('syntax', t.pos);
    this.depth++;
    try {
      return this.unaryAt(t);
    } finally {
      this.depth--;
    }
  }

  private unaryAt(t: Tok): bigint {
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.take();
      const v = this.parseUnary();
      return t.text === '-' ? u64(-v) : v;
    }
    if (t.kind === 'word' && UNARY_WORDS.has(t.text.toLowerCase())) {
      const name = t.text.toLowerCase();
      this.take();
      const v = this.parseUnary();
      const lastToken = this.lastPos;
      switch (name) {
        case 'not':
          return v === 0n ? 1n : 0n;
        case 'hi':
          return (v >> 16n) & 0xffffn;
        case 'low':
          return v & 0xffffn;
        default: {
          const size = name === 'by' ? 1 : name === 'wo' ? 2 : name === 'dwo' ? 4 : name === 'poi' ? (this.env.pointerSize?.() ?? 8) : 8;
          const r = this.env.read(v, size);
          if (r === null) throw new ExprError('memory', lastToken);
          // A 32-bit kernel pointer is sign-extended, as a 32-bit kernel address constant is.
          if (name === 'poi' && size === 4 && this.env.kernel && r >= 0x80000000n) return r | 0xffffffff00000000n;
          return r;
        }
      }
    }
    return this.parsePrimary();
  }

  private parsePrimary(): bigint {
    const t = this.peek();
    if (t.kind === 'end') throw new ExprError('missing', t.pos);
    if (t.kind === 'embed') {
      this.take();
      let v: bigint;
      if (t.text === 'masm') v = this.parseOr();
      else {
        if (!this.env.cpp) throw new ExprError('bad-syntax', t.pos);
        const r = this.env.cpp(this.text, this.pos);
        this.pos = r.end;
        this.peeked = null;
        v = r.value;
      }
      const close = this.peek();
      if (close.text !== ')') throw new ExprError('bad-syntax', close.pos);
      this.take();
      return v;
    }
    if (t.kind === 'op') {
      if (t.text === '(' || t.text === '[') {
        this.take();
        const v = this.parseOr();
        const close = this.peek();
        const want = t.text === '(' ? ')' : ']';
        if (close.text !== want) throw new ExprError('bad-syntax', close.pos);
        this.take();
        return v;
      }
      throw new ExprError('missing', t.pos);
    }
    this.take();
    return this.word(t);
  }

  private word(t: Tok): bigint {
    const w = t.text;
    if (w === '.') {
      const ip = this.env.pseudo('ip');
      if (ip === null) throw new ExprError('register', t.pos);
      return ip;
    }
    if (w.startsWith('$') && FUNCTIONS.has(w.slice(1).toLowerCase()) && this.peek().text === '(') return this.call(t);
    if (w.startsWith('@$') || w.startsWith('$')) {
      const v = this.env.pseudo(w.replace(/^@?\$/, '').toLowerCase());
      if (v === null) throw new ExprError('register', t.pos);
      return v;
    }
    if (w.startsWith('@')) {
      const v = this.env.register(w.slice(1).toLowerCase());
      if (v === null) throw new ExprError('register', t.pos);
      return v;
    }
    if (w.startsWith('`')) throw new ExprError('bad-syntax', t.pos);
    const num = parseNumberWord(w, this.env.kernel, this.env.radix?.() ?? 16);
    if (num !== null) return num;
    if (w.includes('`') && !w.includes('!')) throw new ExprError('bad-syntax', t.pos);
    const bang = w.indexOf('!');
    if (bang >= 0) {
      const v = this.env.symbol(bang === 0 ? null : w.slice(0, bang), w.slice(bang + 1));
      if (v === null) throw new ExprError('resolve', t.pos);
      return v;
    }
    const reg = this.env.register(w.toLowerCase());
    if (reg !== null) return reg;
    const sym = this.env.symbol(null, w);
    if (sym !== null) return sym;
    const mod = this.env.symbol(w, '');
    if (mod !== null) return mod;
    throw new ExprError('resolve', t.pos);
  }

  /** A quoted string argument: `"text"`. */
  private stringArg(): string {
    let i = this.pos;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    if (this.text[i] !== '"') throw new ExprError('bad-syntax', i);
    const close = this.text.indexOf('"', i + 1);
    if (close < 0) throw new ExprError('bad-syntax', i);
    this.pos = close + 1;
    this.peeked = null;
    this.lastEnd = this.pos;
    return this.text.slice(i + 1, close);
  }

  private expect(text: string): void {
    const t = this.peek();
    if (t.text !== text) throw new ExprError('bad-syntax', t.pos);
    this.take();
  }

  /** `$vvalid(a, n)`, `$scmp("a", "b")`, `$sicmp`, `$spat("text", "pattern")`, `$iment(base)`. */
  private call(t: Tok): bigint {
    const name = t.text.slice(1).toLowerCase();
    this.expect('(');
    let v: bigint;
    if (name === 'scmp' || name === 'sicmp' || name === 'spat') {
      const a = this.stringArg();
      this.expect(',');
      const b = this.stringArg();
      if (name === 'spat') v = wildcard(b).test(a) ? 1n : 0n;
      else v = name === 'scmp' ? compare(a, b) : compare(a.toLowerCase(), b.toLowerCase());
    } else if (name === 'vvalid') {
      const a = this.parseOr();
      this.expect(',');
      const n = this.parseOr();
      v = this.env.valid?.(a, n) ? 1n : 0n;
    } else {
      const a = this.parseOr();
      v = this.env.imageEntry?.(a) ?? 0n;
    }
    this.expect(')');
    return v;
  }
}

/** Compare two strings as strcmp does: -1, 0 or 1 (as a 64-bit value). */
function compare(a: string, b: string): bigint {
  return a < b ? u64(-1n) : a > b ? 1n : 0n;
}

function signed(v: bigint): bigint {
  const x = u64(v);
  return x >= 1n << 63n ? x - (1n << 64n) : x;
}
