/** `dt`: display a type's layout, or an instance of it at an address. */
import { caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { flat64, hex, ptrValue, quadValue, unsignedValue } from '../format.ts';
import { fromLe } from '../memory.ts';
import { wildcard } from '../symbols.ts';
import type { Target } from '../target.ts';
import { displayName, isSigned, typeText, type EnumDef, type Field, type StructDef, type TypeDatabase, type TypeExpr } from '../types.ts';

interface Options {
  /** -b: expand every embedded block; pointers show their value only. */
  blocks: boolean;
  /** -r[n]: expand embedded structures n levels (Infinity for -r). */
  depth: number;
  verbose: boolean;
  /** -o: no offsets. */
  noOffsets: boolean;
  /** -i: sub-fields not indented. */
  flat: boolean;
}

interface Walk {
  readonly target: Target;
  readonly db: TypeDatabase;
  readonly module: string;
  readonly opts: Options;
  readonly out: string[];
  /** First address a field could not be read from. */
  failed: bigint | null;
}

function line(w: Walk, level: number, f: Field, value: string): string {
  const indent = '   '.repeat(w.opts.flat ? 1 : level + 1);
  return `${indent}${w.opts.noOffsets ? '' : `+0x${hex(f.offset, 3)} `}${f.name.padEnd(16)} : ${value}`;
}

function read(w: Walk, address: bigint, size: number): bigint | null {
  const b = w.target.read(address, size);
  if (!b) {
    if (w.failed === null) w.failed = address;
    return null;
  }
  return fromLe(b);
}

/** The text of a _UNICODE_STRING at `address`, without quotes; null if the structure cannot be read. */
export function unicodeText(target: Target, address: bigint): string | null {
  const head = target.read(address, 0x10);
  if (!head) return null;
  const length = Number(fromLe(head, 0, 2));
  const buffer = fromLe(head, 8, 8);
  if (buffer === 0n) return '';
  if (!target.readable(buffer)) return `--- memory read error at address ${ptrValue(buffer)} ---`;
  let s = '';
  for (let i = 0; i + 1 < length; i += 2) {
    const b = target.read(buffer + BigInt(i), 2);
    if (!b) break;
    const ch = b[0] | (b[1] << 8);
    if (ch === 0) break;
    s += ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : '?';
  }
  return s;
}

function listEntryText(w: Walk, address: bigint): string {
  // Flink and Blink: two pointers, four bytes each on a 32-bit target.
  const size = w.target.arch === 'x86' ? 4 : 8;
  const f = read(w, address, size);
  const b = read(w, address + BigInt(size), size);
  const p = (v: bigint | null): string => (v === null ? '????' : size === 4 ? `0x${v.toString(16).padStart(8, '0')}` : ptrValue(v));
  return `[ ${p(f)} - ${p(b)} ]`;
}

function baseValue(name: string, v: bigint, size: number): string {
  if (name === 'UChar' || name === 'Char') {
    const n = name === 'Char' ? BigInt.asIntN(8, v) : v;
    const ch = Number(v);
    return `${name === 'Char' ? n.toString() : unsignedValue(n)} '${ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : ''}'`;
  }
  if (isSigned(name as never)) return BigInt.asIntN(size * 8, v).toString();
  // 64-bit values above 32 bits print with the backtick, as pointers do.
  return size === 8 && v > 0xffffffffn ? quadValue(v) : unsignedValue(v);
}

function enumValue(def: EnumDef, v: bigint): string {
  const m = def.values.find(([, x]) => x === v);
  return m ? `${unsignedValue(v)} ( ${m[0]} )` : `${unsignedValue(v)} (No matching name)`;
}

/** The value text of one field at `address` (instance display). */
function valueText(w: Walk, t: TypeExpr, address: bigint): string {
  switch (t.k) {
    case 'base': {
      const size = w.db.sizeOf(w.module, t);
      const v = read(w, address, size);
      return v === null ? '??' : baseValue(t.name, v, size);
    }
    case 'bits': {
      const size = w.db.sizeOf(w.module, t);
      const v = read(w, address, size);
      if (v === null) return '??';
      const bits = (v >> BigInt(t.pos)) & ((1n << BigInt(t.len)) - 1n);
      // A field of several bits also shows its value: 0y00001100 (0xc); a single bit only 0y1.
      const binary = `0y${bits.toString(2).padStart(t.len, '0')}`;
      return t.len === 1 ? binary : `${binary} (${bits === 0n ? '0' : `0x${bits.toString(16)}`})`;
    }
    case 'ptr': {
      const v = read(w, address, t.width ?? 8);
      if (v === null) return '???? ';
      if (v === 0n) return '(null) ';
      const to = t.to;
      // A 32-bit target's pointers print as eight digits: 0x863c22f0.
      const shown = t.width === 4 ? `0x${v.toString(16).padStart(8, '0')}` : ptrValue(v);
      if (to.k === 'base' && (to.name === 'Wchar' || to.name === 'UChar' || to.name === 'Char'))
        return `${shown}  "${pointedString(w.target, v, to.name === 'Wchar')}"`;
      if (w.opts.blocks) return shown;
      return `${shown} ${to.k === 'named' ? displayName(to.name) : typeText(to)}`;
    }
    case 'array': {
      if (t.of.k === 'base' && (t.of.name === 'UChar' || t.of.name === 'Char')) {
        const b = w.target.read(address, t.count);
        if (!b) return `[${t.count}] ????`;
        let s = '';
        for (const ch of b) {
          if (ch === 0) break;
          s += ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : '?';
        }
        return `[${t.count}]  "${s}"`;
      }
      return typeText(t);
    }
    case 'named': {
      const found = w.db.find(w.module, t.name);
      if (!found) return displayName(t.name);
      const def = found.def;
      if (def.kind === 'enum') {
        const v = read(w, address, def.size);
        return v === null ? '??' : enumValue(def, v);
      }
      if (def.name === '_LARGE_INTEGER' || def.name === '_ULARGE_INTEGER') {
        const v = read(w, address, 8);
        return `${def.name} ${v === null ? '??' : quadValue(v)}`;
      }
      if (def.name === '_LIST_ENTRY') return `_LIST_ENTRY ${listEntryText(w, address)}`;
      if (def.name === '_UNICODE_STRING') {
        const s = unicodeText(w.target, address);
        if (s === null && w.failed === null) w.failed = address;
        return `_UNICODE_STRING ${s === null ? '??' : `"${s}"`}`;
      }
      return displayName(def.name);
    }
  }
}

/** A NUL-terminated string at a pointer (for Ptr64 Wchar/UChar fields outside _UNICODE_STRING). */
function pointedString(target: Target, address: bigint, wide: boolean): string {
  if (!target.readable(address)) return `--- memory read error at address ${ptrValue(address)} ---`;
  let s = '';
  const unit = wide ? 2 : 1;
  for (let i = 0; i < 256; i++) {
    const b = target.read(address + BigInt(i * unit), unit);
    if (!b) break;
    const ch = Number(fromLe(b));
    if (ch === 0) break;
    s += ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : '?';
  }
  return s;
}

function embedded(w: Walk, t: TypeExpr): StructDef | null {
  if (t.k !== 'named') return null;
  const found = w.db.find(w.module, t.name);
  return found && found.def.kind !== 'enum' ? found.def : null;
}

/** One field's line, and its sub-fields while `maxLevel` (or -b) allows. */
function field(w: Walk, def: StructDef, f: Field, base: bigint | null, level: number, maxLevel: number): void {
  const at = base === null ? null : base + BigInt(f.offset);
  if (at === null) w.out.push(line(w, level, f, typeText(f.type)));
  else if (def.name === '_UNICODE_STRING' && f.name === 'Buffer') {
    const ptr = read(w, at, 8);
    const s = unicodeText(w.target, at - 8n);
    w.out.push(line(w, level, f, ptr === null ? '???? ' : ptr === 0n ? '(null) ' : `${ptrValue(ptr)}  "${s ?? ''}"`));
  } else w.out.push(line(w, level, f, valueText(w, f.type, at)));
  const sub = embedded(w, f.type);
  if (sub && (w.opts.blocks || level + 1 <= maxLevel)) fields(w, sub, at, level + 1, maxLevel);
}

function fields(w: Walk, def: StructDef, base: bigint | null, level: number, maxLevel: number): void {
  for (const f of def.fields) field(w, def, f, base, level, maxLevel);
}

/**
 * A field argument: `Name` (every field starting with it; `*` wildcards),
 * `A.B.C` (a path, through embedded structures and pointers), `A.` / `A..`
 * (A expanded one or two levels).
 */
interface FieldSpec {
  readonly parts: readonly string[];
  readonly dots: number;
}

function parseFieldSpec(word: string): FieldSpec | null {
  const m = /^([A-Za-z_*][\w*]*(?:\.[A-Za-z_*][\w*]*)*)(\.{0,2})$/.exec(word);
  return m ? { parts: m[1].split('.'), dots: m[2].length } : null;
}

function nameMatches(pattern: string, name: string): boolean {
  return pattern.includes('*') ? wildcard(pattern).test(name) : name.toLowerCase().startsWith(pattern.toLowerCase());
}

/** The structure a path goes on into: an embedded one, or the one a pointer points to. */
function follow(w: Walk, t: TypeExpr, at: bigint | null): { def: StructDef; base: bigint | null } | null {
  const inner = embedded(w, t);
  if (inner) return { def: inner, base: at };
  if (t.k !== 'ptr') return null;
  const to = embedded(w, t.to);
  if (!to) return null;
  if (at === null) return { def: to, base: null };
  const p = read(w, at, t.width ?? 8);
  return p === null ? null : { def: to, base: p };
}

/** A name that is some field's exact name selects that field only; otherwise it is a prefix. */
function specMatches(def: StructDef, pattern: string, name: string): boolean {
  const exact = def.fields.some((f) => f.name.toLowerCase() === pattern.toLowerCase());
  return exact ? name.toLowerCase() === pattern.toLowerCase() : nameMatches(pattern, name);
}

function selected(w: Walk, def: StructDef, base: bigint | null, level: number, specs: readonly FieldSpec[]): void {
  for (const f of def.fields) {
    const mine = specs.filter((x) => specMatches(def, x.parts[0], f.name));
    if (mine.length === 0) continue;
    const deeper = mine.filter((x) => x.parts.length > 1 || x.dots > 0);
    if (deeper.length === 0) {
      field(w, def, f, base, level, w.opts.depth);
      continue;
    }
    // The parent of a path shows its name only; what follows is its sub-fields.
    w.out.push(line(w, level, f, ''));
    const next = follow(w, f.type, base === null ? null : base + BigInt(f.offset));
    if (!next) continue;
    const whole = deeper.find((x) => x.parts.length === 1);
    if (whole) fields(w, next.def, next.base, level + 1, level + whole.dots);
    else
      selected(
        w,
        next.def,
        next.base,
        level + 1,
        deeper.map((x) => ({ parts: x.parts.slice(1), dots: x.dots })),
      );
  }
}

interface Parsed {
  opts: Options;
  typeName: string | null;
  typeAt: number;
  address: bigint | null;
  fieldSpecs: FieldSpec[];
}

function parseArgs(c: CommandContext): Parsed | false {
  const s = c.session;
  const opts: Options = { blocks: false, depth: 0, verbose: false, noOffsets: false, flat: false };
  const p: Parsed = { opts, typeName: null, typeAt: 0, address: null, fieldSpecs: [] };
  let i = skipBlanks(c.line, c.argsStart);
  while (i < c.line.length) {
    const word = /^\S+/.exec(c.line.slice(i))?.[0] ?? '';
    if (/^[-/]/.test(word) && /^[-/][A-Za-z]/.test(word)) {
      // -y (partial type match) and -n (a name, not an expression) change nothing here: names are matched as typed.
      const o = /^[-/](b|r([1-9])?|v|o|i|y|n)$/i.exec(word);
      if (!o) return caretError(c, i, 'Syntax');
      const letter = o[1][0].toLowerCase();
      if (letter === 'b') opts.blocks = true;
      else if (letter === 'v') opts.verbose = true;
      else if (letter === 'o') opts.noOffsets = true;
      else if (letter === 'i') opts.flat = true;
      else if (letter === 'r') opts.depth = o[2] ? Number(o[2]) : Infinity;
      i = skipBlanks(c.line, i + word.length);
      continue;
    }
    if (p.typeName === null) {
      p.typeName = word;
      p.typeAt = i;
      i = skipBlanks(c.line, i + word.length);
      continue;
    }
    const spec = parseFieldSpec(word);
    // After the address, a name can only be a field (even one the type lacks).
    if (spec && (p.address !== null || isField(c, p.typeName, spec.parts[0]))) {
      p.fieldSpecs.push(spec);
      i = skipBlanks(c.line, i + word.length);
      continue;
    }
    if (p.address !== null) return caretError(c, i, 'Syntax');
    // An option after the address (`/b`, `-r`) ends the expression: it is not a division.
    const opt = /\s[-/][A-Za-z]/.exec(c.line.slice(i));
    const r = s.evaluate(opt ? c.line.slice(0, i + opt.index) : c.line, i);
    p.address = r.value;
    i = skipBlanks(c.line, r.end);
  }
  return p;
}

function isField(c: CommandContext, typeName: string, word: string): boolean {
  const [mod, name] = splitType(typeName);
  const found = c.session.target.types.find(mod, name);
  return found !== null && found.def.kind !== 'enum' && found.def.fields.some((f) => nameMatches(word, f.name));
}

function splitType(text: string): [string | null, string] {
  const bang = text.indexOf('!');
  return bang < 0 ? [null, text] : [text.slice(0, bang), text.slice(bang + 1)];
}

export const dt: KdCommand = {
  verbs: ['dt'],
  run(c) {
    return guarded(c, () => {
      const p = parseArgs(c);
      if (p === false) return false;
      if (p.typeName === null) return caretError(c, c.line.length - 1, 'Syntax');
      const [mod, name] = splitType(p.typeName);
      const db = c.session.target.types;
      if (name.includes('*')) return listTypes(c, mod, name);
      const found = db.find(mod, name);
      if (!found) {
        c.out.push(`Symbol ${p.typeName} not found.`);
        return false;
      }
      c.session.touch(c.session.target.modules().find((m) => m.name === found.module) ?? null);
      const def = found.def;
      c.event.dataType = `${found.module}!${def.name}`;
      if (p.address !== null) noteAddress(c, p.address, p.address + BigInt(Math.max(def.size, 1)));
      const exact = mod !== null && `${mod}!${name}` === `${found.module}!${def.name}`;
      if (!exact) c.out.push(`${found.module}!${def.name}`);
      const w: Walk = { target: c.session.target, db, module: found.module, opts: p.opts, out: c.out, failed: null };
      if (p.opts.verbose) {
        const count = def.kind === 'enum' ? def.values.length : def.fields.length;
        c.out.push(`${def.kind} ${def.name}, ${count} elements, 0x${hex(def.size)} bytes`);
      }
      if (def.kind === 'enum') {
        if (p.address !== null) {
          const v = read(w, p.address, def.size);
          c.out.push(v === null ? '??' : enumValue(def, v));
        } else for (const [n, v] of def.values) c.out.push(`   ${n} = 0n${v}`);
        return w.failed === null ? true : memoryError(c, w.failed);
      }
      if (p.address !== null && def.name === '_UNICODE_STRING') {
        const s = unicodeText(w.target, p.address);
        if (s !== null) c.out.push(` "${s}"`);
      }
      if (p.address !== null && def.name === '_LIST_ENTRY') c.out.push(` ${listEntryText(w, p.address)}`);
      if (p.fieldSpecs.length > 0) {
        const before = c.out.length;
        selected(w, def, p.address, 0, p.fieldSpecs);
        if (c.out.length === before) {
          c.out.push('Cannot find specified field members.');
          return false;
        }
      } else fields(w, def, p.address, 0, p.opts.depth);
      return w.failed === null ? true : memoryError(c, w.failed);
    });
  },
};

function memoryError(c: CommandContext, address: bigint): false {
  c.out.push(`Memory read error ${flat64(address)}`);
  return false;
}

function listTypes(c: CommandContext, mod: string | null, pattern: string): boolean {
  const re = wildcard(pattern);
  let n = 0;
  for (const m of c.session.target.types.modules()) {
    if (mod !== null && !wildcard(mod).test(m.module)) continue;
    for (const t of m
      .names()
      .filter((x) => re.test(x))
      .sort()) {
      c.out.push(`          ${m.module}!${t}`);
      n++;
    }
  }
  return n > 0;
}

/**
 * The fields of a structure instance as `dt` lists them (one level), for
 * `??` on a pointer or structure. Unreadable fields show their placeholders.
 */
export function instanceFields(target: Target, module: string, def: StructDef, address: bigint, indent = 0): string[] {
  const out: string[] = [];
  const opts: Options = { blocks: false, depth: 0, verbose: false, noOffsets: false, flat: false };
  const w: Walk = { target, db: target.types, module, opts, out, failed: null };
  fields(w, def, address, 0, 0);
  return indent === 0 ? out : out.map((l) => ' '.repeat(indent) + l);
}

/** A field's value as `dt` prints it (`0x1`, `0n5`, `0xfffffa80`08e13288`, `_LIST_ENTRY [ … ]`…). */
export function fieldValueText(target: Target, module: string, t: TypeExpr, address: bigint): string {
  const opts: Options = { blocks: false, depth: 0, verbose: false, noOffsets: false, flat: false };
  const w: Walk = { target, db: target.types, module, opts, out: [], failed: null };
  return valueText(w, t, address);
}
