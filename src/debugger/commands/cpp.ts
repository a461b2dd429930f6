/**
 * `??` and `@@c++()`: the C++ expression evaluator. Values carry C types:
 * integers with C's promotions (`int 0n5`, `unsigned int64 0x1e`), `bool`,
 * pointers typed from the type database (`struct _LIST_ENTRY * 0x…`, with
 * the structure's fields), structures reached through `->` and `.`, casts,
 * `?:`, character literals, `sizeof`, `#FIELD_OFFSET` and
 * `#CONTAINING_RECORD`. Numbers are decimal unless written 0x…; registers
 * need @ and are ULONG64; `$proc`, `$thread`, `$teb`, `$peb` are typed
 * pointers when the symbols know their structures.
 */
import { guarded, skipBlanks, type KdCommand } from '../command.ts';
import { ExprError, MAX_NESTING } from '../expr.ts';
import { addr64, hex, u64 } from '../format.ts';
import { fromLe } from '../memory.ts';
import type { KdSession } from '../session.ts';
import type { StructDef, TypeExpr } from '../types.ts';
import { displayName } from '../types.ts';
import { instanceFields } from './dt.ts';

export type CType =
  | { readonly k: 'int'; readonly name: string; readonly size: number; readonly signed: boolean }
  | { readonly k: 'bool' }
  | { readonly k: 'void' }
  | { readonly k: 'ptr'; readonly to: CType }
  | { readonly k: 'struct'; readonly module: string; readonly def: StructDef }
  | { readonly k: 'array'; readonly of: CType; readonly count: number };

/** A value: scalars and pointers in `v`; structures and arrays are where they lie (`v` is their address). */
interface Value {
  readonly type: CType;
  readonly v: bigint;
}

const INT = (name: string, size: number, signed: boolean): CType => ({ k: 'int', name, size, signed });
const T_INT = INT('int', 4, true);
const T_UINT64 = INT('unsigned int64', 8, false);
const T_LONG = INT('long', 4, true);

/** The C names of the type database's base types. */
const BASE: ReadonlyMap<string, CType> = new Map([
  ['UChar', INT('unsigned char', 1, false)],
  ['Char', INT('char', 1, true)],
  ['Uint2B', INT('unsigned short', 2, false)],
  ['Int2B', INT('short', 2, true)],
  ['Uint4B', INT('unsigned long', 4, false)],
  ['Int4B', INT('long', 4, true)],
  ['Uint8B', INT('unsigned int64', 8, false)],
  ['Int8B', INT('int64', 8, true)],
  ['Wchar', INT('wchar_t', 2, false)],
]);

/** C type keywords a cast may name (after `unsigned`/`signed` are folded in). */
const KEYWORDS: ReadonlyMap<string, CType> = new Map([
  ['char', INT('char', 1, true)],
  ['unsigned char', INT('unsigned char', 1, false)],
  ['short', INT('short', 2, true)],
  ['unsigned short', INT('unsigned short', 2, false)],
  ['int', T_INT],
  ['unsigned int', INT('unsigned int', 4, false)],
  ['unsigned', INT('unsigned int', 4, false)],
  ['long', T_LONG],
  ['unsigned long', INT('unsigned long', 4, false)],
  ['int64', INT('int64', 8, true)],
  ['__int64', INT('int64', 8, true)],
  ['unsigned int64', T_UINT64],
  ['unsigned __int64', T_UINT64],
  ['wchar_t', INT('wchar_t', 2, false)],
  ['bool', { k: 'bool' }],
  ['void', { k: 'void' }],
  ['UCHAR', INT('unsigned char', 1, false)],
  ['USHORT', INT('unsigned short', 2, false)],
  ['ULONG', INT('unsigned long', 4, false)],
  ['LONG', T_LONG],
  ['ULONG64', T_UINT64],
  ['ULONG_PTR', T_UINT64],
  ['LONG64', INT('int64', 8, true)],
  ['BOOLEAN', INT('unsigned char', 1, false)],
]);

/** Character-literal escapes: '\n', '\t', '\r', '\0' (any other escaped character is itself). */
const ESCAPES: ReadonlyMap<string, number> = new Map([
  ['n', 10],
  ['t', 9],
  ['r', 13],
  ['0', 0],
]);

/** Pseudo-registers the evaluator types as pointers to these structures. */
const TYPED_PSEUDO: ReadonlyMap<string, string> = new Map([
  ['proc', '_EPROCESS'],
  ['thread', '_ETHREAD'],
  ['teb', '_TEB'],
  ['peb', '_PEB'],
]);

export function typeName(t: CType): string {
  switch (t.k) {
    case 'int':
      return t.name;
    case 'bool':
    case 'void':
      return t.k;
    case 'ptr':
      return `${typeName(t.to)} *`;
    case 'struct':
      return `${t.def.kind} ${displayName(t.def.name)}`;
    case 'array':
      return `${typeName(t.of)} [${t.count}]`;
  }
}

function sizeOf(t: CType): number {
  switch (t.k) {
    case 'int':
      return t.size;
    case 'bool':
      return 1;
    case 'void':
      return 1;
    case 'ptr':
      return 8;
    case 'struct':
      return t.def.size;
    case 'array':
      return t.count * sizeOf(t.of);
  }
}

const BINARY: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<=', '>=', '<', '>'],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];

/** What the C++ evaluator reads: the line, and the session for registers, memory and types. */
interface CppSource {
  readonly line: string;
  readonly session: KdSession;
}

class Cpp {
  private readonly c: CppSource;
  private i: number;
  private depth = 0;
  constructor(c: CppSource, start: number) {
    this.c = c;
    this.i = start;
  }

  get pos(): number {
    return this.i;
  }

  private get s(): KdSession {
    return this.c.session;
  }

  private peek(op: string): boolean {
    this.i = skipBlanks(this.c.line, this.i);
    return this.c.line.startsWith(op, this.i);
  }

  private expect(op: string): void {
    if (!this.peek(op)) throw new ExprError('bad-syntax', this.i);
    this.i += op.length;
  }

  private nest<T>(fn: () => T): T {
    if (this.depth >= MAX_NESTING) throw new ExprError('syntax', skipBlanks(this.c.line, this.i));
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  /** conditional: a ? b : c */
  parse(): Value {
    return this.nest(() => {
      const cond = this.binary(0);
      if (!this.peek('?')) return cond;
      this.i++;
      const a = this.parse();
      this.expect(':');
      const b = this.parse();
      return truth(cond) ? a : b;
    });
  }

  private binary(level: number): Value {
    if (level === BINARY.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = BINARY[level].find(
        (o) => this.peek(o) && !(o.length === 1 && '|&<>'.includes(o) && this.c.line[this.i + 1] === o) && !(o === '-' && this.c.line[this.i + 1] === '>'),
      );
      if (!op) return left;
      const at = this.i;
      this.i += op.length;
      const right = this.binary(level + 1);
      left = apply(op, rvalue(left), rvalue(right), at);
    }
  }

  private unary(): Value {
    return this.nest(() => {
      const line = this.c.line;
      this.i = skipBlanks(line, this.i);
      const at = this.i;
      for (const op of ['-', '~', '!', '+', '*', '&']) {
        if (this.peek(op) && !(op === '-' && line[this.i + 1] === '-') && !(op === '&' && line[this.i + 1] === '&')) {
          this.i++;
          const x = this.unary();
          if (op === '*') return deref(this.s, rvalue(x), at);
          if (op === '&') return { type: { k: 'ptr', to: x.type }, v: x.v };
          const r = rvalue(x);
          if (op === '!') return { type: { k: 'bool' }, v: truth(r) ? 0n : 1n };
          const t = promote(r.type, T_INT, at);
          const v = op === '-' ? -r.v : op === '~' ? ~r.v : r.v;
          return { type: t, v: wrap(t, v) };
        }
      }
      if (/^sizeof\b/.test(line.slice(at))) {
        this.i = at + 6;
        this.expect('(');
        let t: CType | null;
        try {
          t = this.tryType();
        } catch (e) {
          // An unknown type is reported from `sizeof` on, as the whole operand is what failed.
          if (e instanceof ExprError && e.kind === 'resolve') throw new ExprError('resolve', at);
          throw e;
        }
        const size = t ? sizeOf(t) : sizeOf(this.parse().type);
        this.expect(')');
        return { type: T_UINT64, v: BigInt(size) };
      }
      // A cast: (type) operand.
      if (this.peek('(')) {
        const save = this.i;
        this.i++;
        const t = this.tryType();
        if (t && this.peek(')')) {
          this.i++;
          const x = rvalue(this.unary());
          return cast(x, t, at);
        }
        this.i = save;
      }
      return this.postfix();
    });
  }

  private postfix(): Value {
    let v = this.primary();
    for (;;) {
      if (this.peek('->') || this.peek('.')) {
        const arrow = this.c.line.startsWith('->', this.i);
        const at = this.i;
        this.i += arrow ? 2 : 1;
        const base = arrow ? deref(this.s, rvalue(v), at) : v;
        v = this.member(base, at);
      } else if (this.peek('[')) {
        const at = this.i;
        this.i++;
        const index = rvalue(this.parse());
        this.expect(']');
        const base = rvalue(v);
        if (base.type.k !== 'ptr') throw new ExprError('type', at);
        v = deref(this.s, { type: base.type, v: u64(base.v + index.v * BigInt(sizeOf(base.type.to))) }, at);
      } else return v;
    }
  }

  private member(base: Value, at: number): Value {
    const m = /^\s*([A-Za-z_]\w*)/.exec(this.c.line.slice(this.i));
    if (!m) throw new ExprError('bad-syntax', this.i);
    const nameAt = skipBlanks(this.c.line, this.i);
    this.i += m[0].length;
    if (base.type.k !== 'struct') throw new ExprError('type', at);
    const f = base.type.def.fields.find((x) => x.name === m[1]);
    if (!f) throw new ExprError('resolve', nameAt);
    return fieldValue(this.s, base.type.module, f.type, u64(base.v + BigInt(f.offset)), nameAt);
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
    const rest = line.slice(at);
    let m: RegExpExecArray | null;
    if ((m = /^#(FIELD_OFFSET|CONTAINING_RECORD)\s*\(/.exec(rest))) {
      this.i = at + m[0].length;
      return m[1] === 'FIELD_OFFSET' ? this.fieldOffset() : this.containingRecord();
    }
    if ((m = /^'(\\?.)'/.exec(rest))) {
      this.i = at + m[0].length;
      const ch = m[1].length === 2 ? (ESCAPES.get(m[1][1]) ?? m[1].charCodeAt(1)) : m[1].charCodeAt(0);
      return { type: INT('char', 1, true), v: BigInt.asIntN(8, BigInt(ch)) };
    }
    if ((m = /^(true|false)\b/.exec(rest))) {
      this.i = at + m[0].length;
      return { type: { k: 'bool' }, v: m[1] === 'true' ? 1n : 0n };
    }
    if ((m = /^(0x[0-9a-fA-F]+|[0-9]+)([uU]?[lL]{0,2}|[iI]64)?\b/.exec(rest))) {
      this.i = at + m[0].length;
      const v = BigInt(m[1]);
      if (v >= 1n << 64n) throw new ExprError('bad-syntax', at);
      const hexLit = m[1].startsWith('0x');
      const unsigned = /u/i.test(m[2] ?? '');
      const t =
        v < 0x80000000n && !unsigned
          ? T_INT
          : v < 0x100000000n && (hexLit || unsigned)
            ? INT('unsigned int', 4, false)
            : v < 1n << 63n && !unsigned
              ? INT('int64', 8, true)
              : T_UINT64;
      return { type: t, v };
    }
    if ((m = /^@\$?\w+/.exec(rest))) {
      this.i = at + m[0].length;
      return this.register(m[0], at);
    }
    if (at >= line.length) throw new ExprError('missing', at);
    throw new ExprError(/^[A-Za-z_]/.test(rest) ? 'resolve' : 'bad-syntax', at);
  }

  private register(word: string, at: number): Value {
    if (word.startsWith('@$')) {
      const name = word.slice(2).toLowerCase();
      const v = this.s.pseudo(name);
      if (v === null) throw new ExprError('register', at);
      const struct = TYPED_PSEUDO.get(name);
      const found = struct ? this.s.target.types.find(null, struct) : null;
      if (found && found.def.kind !== 'enum') return { type: { k: 'ptr', to: { k: 'struct', module: found.module, def: found.def } }, v };
      return { type: T_UINT64, v };
    }
    const v = this.s.register(word.slice(1).toLowerCase());
    if (v === null) throw new ExprError('register', at);
    return { type: T_UINT64, v: v.value };
  }

  /** A type name at the cursor (`nt!_FOO *`, `unsigned char`, `struct _BAR`); null (cursor unchanged) when there is none. */
  private tryType(): CType | null {
    const line = this.c.line;
    const start = skipBlanks(line, this.i);
    const m = /^(?:(?:struct|union|class)\s+)?((?:unsigned|signed)\s+)?([A-Za-z_][\w]*(?:![A-Za-z_<>#][\w<>#-]*)?)((?:\s*\*)*)/.exec(line.slice(start));
    if (!m) return null;
    let base: CType | null = null;
    const word = m[2];
    if (m[1]) {
      const key = `${m[1].trim() === 'unsigned' ? 'unsigned ' : ''}${word}`;
      base = KEYWORDS.get(key) ?? (m[1].trim() === 'unsigned' && word === 'int64' ? T_UINT64 : null);
      if (!base && /^(char|short|int|long)$/.test(word)) base = KEYWORDS.get(word) ?? null;
    } else if (KEYWORDS.has(word)) base = KEYWORDS.get(word) ?? null;
    else {
      const bang = word.indexOf('!');
      const found = this.s.target.types.find(bang < 0 ? null : word.slice(0, bang), bang < 0 ? word : word.slice(bang + 1));
      if (found) base = found.def.kind === 'enum' ? INT('int', found.def.size, true) : { k: 'struct', module: found.module, def: found.def };
      else if (/^_[A-Z]/.test(word) || word.includes('!')) {
        // It reads as a type name but the symbols do not know it.
        throw new ExprError('resolve', start);
      }
    }
    if (!base) return null;
    const stars = (m[3].match(/\*/g) ?? []).length;
    for (let k = 0; k < stars; k++) base = { k: 'ptr', to: base };
    this.i = start + m[0].length;
    return base;
  }

  /** `type, field.path` → the structure and the offset of the field. */
  private typeAndField(): { t: CType & { k: 'struct' }; offset: number; field: TypeExpr } {
    const at = skipBlanks(this.c.line, this.i);
    const t = this.tryType();
    if (!t || t.k !== 'struct') throw new ExprError('resolve', at);
    this.expect(',');
    const m = /^\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/.exec(this.c.line.slice(this.i));
    if (!m) throw new ExprError('bad-syntax', this.i);
    const nameAt = skipBlanks(this.c.line, this.i);
    this.i += m[0].length;
    let def = t.def;
    let offset = 0;
    let field: TypeExpr | null = null;
    for (const part of m[1].split('.')) {
      if (!def) throw new ExprError('resolve', nameAt);
      const f = def.fields.find((x) => x.name === part);
      if (!f) throw new ExprError('resolve', nameAt);
      offset += f.offset;
      field = f.type;
      const inner = f.type.k === 'named' ? this.s.target.types.find(t.module, f.type.name) : null;
      def = inner && inner.def.kind !== 'enum' ? inner.def : (null as unknown as StructDef);
    }
    this.expect(')');
    return { t, offset, field: field as TypeExpr };
  }

  private fieldOffset(): Value {
    const r = this.typeAndField();
    return { type: T_LONG, v: BigInt(r.offset) };
  }

  private containingRecord(): Value {
    const addr = rvalue(this.parse());
    this.expect(',');
    const r = this.typeAndField();
    return { type: { k: 'ptr', to: r.t }, v: u64(addr.v - BigInt(r.offset)) };
  }
}

function truth(v: Value): boolean {
  return v.v !== 0n;
}

/** Keep a value within its type's width (and sign). */
function wrap(t: CType, v: bigint): bigint {
  if (t.k === 'bool') return v === 0n ? 0n : 1n;
  if (t.k !== 'int') return u64(v);
  const bits = t.size * 8;
  return t.signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
}

/** C's usual arithmetic conversions, reduced to what a debugger's integers need. */
function promote(a: CType, b: CType, at: number): CType & { k: 'int' } {
  const norm = (t: CType): CType & { k: 'int' } => {
    if (t.k === 'bool') return T_INT as CType & { k: 'int' };
    if (t.k === 'int') return (t.size < 4 ? T_INT : t) as CType & { k: 'int' };
    throw new ExprError('type', at);
  };
  const x = norm(a);
  const y = norm(b);
  const size = Math.max(x.size, y.size);
  const signed = x.size === y.size ? x.signed && y.signed : x.size > y.size ? x.signed : y.signed;
  if (size === 8) return (signed ? INT('int64', 8, true) : T_UINT64) as CType & { k: 'int' };
  return (signed ? T_INT : INT('unsigned int', 4, false)) as CType & { k: 'int' };
}

function apply(op: string, a: Value, b: Value, at: number): Value {
  if (['==', '!=', '<', '>', '<=', '>=', '&&', '||'].includes(op)) {
    const numeric = a.type.k === 'ptr' || b.type.k === 'ptr' ? { x: u64(a.v), y: u64(b.v) } : cmpOperands(a, b, at);
    const { x, y } = numeric;
    const r =
      op === '=='
        ? x === y
        : op === '!='
          ? x !== y
          : op === '<'
            ? x < y
            : op === '>'
              ? x > y
              : op === '<='
                ? x <= y
                : op === '>='
                  ? x >= y
                  : op === '&&'
                    ? x !== 0n && y !== 0n
                    : x !== 0n || y !== 0n;
    return { type: { k: 'bool' }, v: r ? 1n : 0n };
  }
  // Pointer arithmetic scales by the size of what the pointer points to.
  if (a.type.k === 'ptr' && (op === '+' || op === '-') && b.type.k !== 'ptr') {
    const step = BigInt(Math.max(1, sizeOf(a.type.to)));
    return { type: a.type, v: u64(op === '+' ? a.v + b.v * step : a.v - b.v * step) };
  }
  if (a.type.k === 'ptr' && b.type.k === 'ptr' && op === '-') {
    const step = BigInt(Math.max(1, sizeOf(a.type.to)));
    return { type: INT('int64', 8, true), v: BigInt.asIntN(64, a.v - b.v) / step };
  }
  const t = promote(a.type.k === 'ptr' ? T_UINT64 : a.type, b.type.k === 'ptr' ? T_UINT64 : b.type, at);
  const x = wrap(t, a.v);
  const y = wrap(t, b.v);
  let v: bigint;
  switch (op) {
    case '+':
      v = x + y;
      break;
    case '-':
      v = x - y;
      break;
    case '*':
      v = x * y;
      break;
    case '/':
    case '%':
      if (y === 0n) throw new ExprError('operand', at);
      v = op === '/' ? x / y : x % y;
      break;
    case '<<':
      v = x << (y & 63n);
      break;
    case '>>':
      v = x >> (y & 63n);
      break;
    case '&':
      v = x & y;
      break;
    case '|':
      v = x | y;
      break;
    default:
      v = x ^ y;
  }
  return { type: t, v: wrap(t, v) };
}

function cmpOperands(a: Value, b: Value, at: number): { x: bigint; y: bigint } {
  const t = promote(a.type, b.type, at);
  return { x: wrap(t, a.v), y: wrap(t, b.v) };
}

/** Read a value of type `t` at `address` (structures and arrays stay where they are). */
function load(s: KdSession, t: CType, address: bigint, at: number): Value {
  if (t.k === 'struct' || t.k === 'array') return { type: t, v: address };
  if (t.k === 'void') throw new ExprError('type', at);
  const size = sizeOf(t);
  const b = s.target.read(address, size);
  if (!b) throw new ExprError('memory', at);
  return { type: t, v: wrap(t, fromLe(b)) };
}

function deref(s: KdSession, p: Value, at: number): Value {
  if (p.type.k !== 'ptr') throw new ExprError('type', at);
  return load(s, p.type.to, p.v, at);
}

/** Arrays decay to pointers to their first element; other values are already values. */
function rvalue(v: Value): Value {
  return v.type.k === 'array' ? { type: { k: 'ptr', to: v.type.of }, v: v.v } : v;
}

function cast(x: Value, t: CType, at: number): Value {
  if (t.k === 'struct' || t.k === 'array' || t.k === 'void') throw new ExprError('type', at);
  if (x.type.k === 'struct') throw new ExprError('type', at);
  return { type: t, v: wrap(t, x.v) };
}

/** The C type of a type-database field type. */
function fromTypeExpr(s: KdSession, module: string, t: TypeExpr): CType {
  switch (t.k) {
    case 'base':
      return BASE.get(t.name) ?? { k: 'void' };
    case 'ptr':
      return { k: 'ptr', to: fromTypeExpr(s, module, t.to) };
    case 'array':
      return { k: 'array', of: fromTypeExpr(s, module, t.of), count: t.count };
    case 'bits':
      return INT('unsigned long', 4, false);
    case 'named': {
      const found = s.target.types.find(module, t.name);
      if (!found) return { k: 'void' };
      return found.def.kind === 'enum' ? INT('int', found.def.size, true) : { k: 'struct', module: found.module, def: found.def };
    }
  }
}

function fieldValue(s: KdSession, module: string, t: TypeExpr, address: bigint, at: number): Value {
  if (t.k === 'bits') {
    const size = Math.ceil((t.pos + t.len) / 8);
    const b = s.target.read(address, size);
    if (!b) throw new ExprError('memory', at);
    return { type: INT('unsigned long', 4, false), v: (fromLe(b) >> BigInt(t.pos)) & ((1n << BigInt(t.len)) - 1n) };
  }
  return load(s, fromTypeExpr(s, module, t), address, at);
}

/** One C++ expression of `text` from `start` (for `@@c++(…)` inside a MASM expression). Throws ExprError. */
export function evaluateCpp(session: KdSession, text: string, start: number): { value: bigint; end: number } {
  const p = new Cpp({ line: text, session }, start);
  const r = p.parse();
  return { value: u64(r.v), end: p.pos };
}

/** A number as `??` prints it: signed in 0n decimal, unsigned in hex (0-9 bare). */
function numberText(t: CType & { k: 'int' }, v: bigint): string {
  if (t.signed) return `0n${BigInt.asIntN(t.size * 8, v)}`;
  const x = BigInt.asUintN(t.size * 8, v);
  if (x <= 9n) return x.toString();
  return x >> 32n === 0n ? `0x${hex(x)}` : `0x${addr64(x)}`;
}

function charText(v: bigint): string {
  const ch = Number(v & 0xffn);
  return ch >= 0x20 && ch < 0x7f ? ` '${String.fromCharCode(ch)}'` : '';
}

/** The `??` display of a value. */
function show(s: KdSession, r: Value): string[] {
  const t = r.type;
  switch (t.k) {
    case 'bool':
      return [`bool ${r.v !== 0n ? 'true' : 'false'}`];
    case 'void':
      return ['void'];
    case 'int': {
      const text = `${t.name} ${numberText(t, r.v)}`;
      return t.size === 1 ? [text + charText(r.v)] : [text];
    }
    case 'ptr': {
      const head = `${typeName(t)} 0x${addr64(r.v)}`;
      if (t.to.k === 'int' && (t.to.size === 1 || t.to.name === 'wchar_t')) {
        const text = cString(s, r.v, t.to.size === 2);
        return [text === null ? head : `${head}  "${text}"`];
      }
      if (t.to.k === 'struct' && r.v !== 0n) return [head, ...instanceFields(s.target, t.to.module, t.to.def, r.v)];
      return [head];
    }
    case 'struct':
      return [typeName(t), ...instanceFields(s.target, t.module, t.def, r.v)];
    case 'array':
      return [`${typeName(t)} 0x${addr64(r.v)}`];
  }
}

function cString(s: KdSession, address: bigint, wide: boolean): string | null {
  let out = '';
  for (let k = 0; k < 256; k++) {
    const b = s.target.read(u64(address + BigInt(k * (wide ? 2 : 1))), wide ? 2 : 1);
    if (!b) return k === 0 ? null : out;
    const ch = wide ? b[0] | (b[1] << 8) : b[0];
    if (ch === 0) break;
    out += ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : '.';
  }
  return out;
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
      c.out.push(...show(c.session, r));
      return true;
    });
  },
};
