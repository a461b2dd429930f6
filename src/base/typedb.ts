/**
 * The type database: what a PDB tells the debugger about structures, unions
 * and enums. Types are written in a compact text form that mirrors `dt`'s
 * own layout display, one field per line:
 *
 *   struct _UNICODE_STRING 0x10
 *   0x000 Length Uint2B
 *   0x008 Buffer Ptr64 Wchar
 *   0x000 PreviousSize Pos 0, 8 Bits
 *
 * Anonymous members use `<unnamed-tag>#key` (shown as `<unnamed-tag>`).
 */

export type BaseName = 'UChar' | 'Char' | 'Uint2B' | 'Int2B' | 'Uint4B' | 'Int4B' | 'Uint8B' | 'Int8B' | 'Wchar' | 'Void';

export type TypeExpr =
  | { readonly k: 'base'; readonly name: BaseName }
  /** `width` 4: a 32-bit target's pointer (`Ptr32`); absent: `Ptr64`. */
  | { readonly k: 'ptr'; readonly to: TypeExpr; readonly width?: 4 }
  | { readonly k: 'array'; readonly of: TypeExpr; readonly count: number }
  | { readonly k: 'named'; readonly name: string }
  | { readonly k: 'bits'; readonly pos: number; readonly len: number };

export interface Field {
  readonly name: string;
  readonly offset: number;
  readonly type: TypeExpr;
}

export interface StructDef {
  readonly kind: 'struct' | 'union';
  readonly name: string;
  readonly size: number;
  readonly fields: readonly Field[];
}

export interface EnumDef {
  readonly kind: 'enum';
  readonly name: string;
  readonly size: number;
  readonly values: readonly (readonly [string, bigint])[];
}

export type TypeDef = StructDef | EnumDef;

const BASE_SIZES: Readonly<Record<BaseName, number>> = {
  UChar: 1,
  Char: 1,
  Uint2B: 2,
  Int2B: 2,
  Uint4B: 4,
  Int4B: 4,
  Uint8B: 8,
  Int8B: 8,
  Wchar: 2,
  Void: 0,
};

export function isBaseName(s: string): s is BaseName {
  return Object.prototype.hasOwnProperty.call(BASE_SIZES, s);
}

export function isSigned(name: BaseName): boolean {
  return name === 'Char' || name === 'Int2B' || name === 'Int4B' || name === 'Int8B';
}

/** Parse a field type as dt prints it: `Ptr64 _FOO`, `[15] UChar`, `Pos 0, 8 Bits`, `Uint4B`, `_BAR`. */
export function parseTypeExpr(text: string): TypeExpr {
  const t = text.trim();
  const bits = /^Pos (\d+), (\d+) Bits?$/.exec(t);
  if (bits) return { k: 'bits', pos: Number(bits[1]), len: Number(bits[2]) };
  if (t.startsWith('Ptr64 ')) return { k: 'ptr', to: parseTypeExpr(t.slice(6)) };
  if (t.startsWith('Ptr32 ')) return { k: 'ptr', to: parseTypeExpr(t.slice(6)), width: 4 };
  const arr = /^\[(\d+)\] (.+)$/.exec(t);
  if (arr) return { k: 'array', count: Number(arr[1]), of: parseTypeExpr(arr[2]) };
  if (isBaseName(t)) return { k: 'base', name: t };
  return { k: 'named', name: t };
}

/** Parse a block of type definitions in the compact text form. */
export function parseTypes(source: string): TypeDef[] {
  const out: TypeDef[] = [];
  let fields: Field[] | null = null;
  let values: [string, bigint][] | null = null;
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const head = /^(struct|union|enum) (\S+) (0x[0-9a-f]+)$/.exec(line);
    if (head) {
      const size = Number(head[3]);
      if (head[1] === 'enum') {
        values = [];
        fields = null;
        out.push({ kind: 'enum', name: head[2], size, values });
      } else {
        fields = [];
        values = null;
        out.push({ kind: head[1] as 'struct' | 'union', name: head[2], size, fields });
      }
      continue;
    }
    if (values) {
      const m = /^(\S+) = (-?0x[0-9a-f]+|-?\d+)$/.exec(line);
      if (!m) throw new Error(`bad enum line: ${line}`);
      values.push([m[1], m[2].startsWith('-') ? -BigInt(m[2].slice(1)) : BigInt(m[2])]);
      continue;
    }
    const m = /^(0x[0-9a-f]+) (\S+) (.+)$/.exec(line);
    if (!m || !fields) throw new Error(`bad type line: ${line}`);
    fields.push({ offset: Number(m[1]), name: m[2], type: parseTypeExpr(m[3]) });
  }
  return out;
}

/** One module's types (one PDB). */
export class ModuleTypes {
  readonly module: string;
  private readonly byName = new Map<string, TypeDef>();

  constructor(module: string, defs: readonly TypeDef[]) {
    this.module = module;
    for (const d of defs) this.byName.set(d.name.toLowerCase(), d);
  }

  get(name: string): TypeDef | null {
    return this.byName.get(name.toLowerCase()) ?? null;
  }

  names(): string[] {
    return [...this.byName.values()].map((d) => d.name).filter((n) => !n.includes('#'));
  }
}

/** A type found in the database, with the module whose PDB defines it. */
export interface FoundType {
  readonly module: string;
  readonly def: TypeDef;
}

/** All loaded modules' types, searched in module order (nt first) for unqualified names. */
export class TypeDatabase {
  private readonly list: ModuleTypes[];

  constructor(list: readonly ModuleTypes[]) {
    this.list = [...list];
  }

  find(module: string | null, name: string): FoundType | null {
    for (const m of this.list) {
      if (module !== null && m.module.toLowerCase() !== module.toLowerCase()) continue;
      const def = m.get(name);
      if (def) return { module: m.module, def };
    }
    return null;
  }

  modules(): readonly ModuleTypes[] {
    return this.list;
  }

  /** The size of a type expression in bytes, in the context of `module`. */
  sizeOf(module: string, t: TypeExpr): number {
    switch (t.k) {
      case 'base':
        return BASE_SIZES[t.name];
      case 'ptr':
        return t.width ?? 8;
      case 'array':
        return t.count * this.sizeOf(module, t.of);
      case 'bits':
        return Math.ceil((t.pos + t.len) / 8);
      case 'named':
        return this.find(module, t.name)?.def.size ?? 0;
    }
  }
}

/** How dt names a type in a layout line: `Ptr64 _FOO`, `[15] UChar`, `Pos 0, 8 Bits`. */
export function typeText(t: TypeExpr): string {
  switch (t.k) {
    case 'base':
      return t.name;
    case 'ptr':
      return `${t.width === 4 ? 'Ptr32' : 'Ptr64'} ${typeText(t.to)}`;
    case 'array':
      return `[${t.count}] ${typeText(t.of)}`;
    case 'bits':
      return `Pos ${t.pos}, ${t.len} Bit${t.len === 1 ? '' : 's'}`;
    case 'named':
      return displayName(t.name);
  }
}

/** Strip the internal key of anonymous types. */
export function displayName(name: string): string {
  const i = name.indexOf('#');
  return i < 0 ? name : name.slice(0, i);
}
