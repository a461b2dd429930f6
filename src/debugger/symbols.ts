/** Address ↔ symbol resolution over a target's modules. */
import { hex } from './format.ts';
import type { Module, SymbolDef, Target } from './target.ts';

export interface SymbolHit {
  readonly module: Module;
  readonly symbol: SymbolDef | null;
  /** Offset from the symbol (or from the module base when there is no symbol). */
  readonly offset: bigint;
}

export function moduleAt(target: Target, address: bigint): Module | null {
  for (const m of target.modules()) if (address >= m.base && address < m.base + BigInt(m.size)) return m;
  return null;
}

export function moduleByName(target: Target, name: string): Module | null {
  const n = name.toLowerCase();
  return target.modules().find((m) => m.name.toLowerCase() === n) ?? null;
}

/**
 * The symbol for an address: the innermost function whose extent holds it,
 * else the nearest symbol below it in the same module, else the module itself.
 */
export function symbolAt(target: Target, address: bigint): SymbolHit | null {
  const module = moduleAt(target, address);
  if (!module) return null;
  const rva = Number(address - module.base);
  let containing: SymbolDef | null = null;
  let below: SymbolDef | null = null;
  for (const s of module.symbols) {
    if (s.rva > rva) break;
    below = s;
    if (s.size !== undefined && rva < s.rva + s.size) containing = s;
  }
  const symbol = containing ?? below;
  if (!symbol) return { module, symbol: null, offset: BigInt(rva) };
  return { module, symbol, offset: BigInt(rva - symbol.rva) };
}

/** How a symbol name prints after `module!` (compiler-generated names get a leading space). */
export function symbolText(name: string): string {
  return name.startsWith('??') ? ` ${name}` : name;
}

/** `fltmgr!TreeUnlinkMulti+0x51` (style '0x') or `fltmgr!TreeUnlinkMulti+51` (style 'bare'); null outside modules. */
export function formatSymbol(target: Target, address: bigint, style: '0x' | 'bare' = '0x'): string | null {
  const hit = symbolAt(target, address);
  if (!hit) return null;
  const off = hit.offset === 0n ? '' : style === '0x' ? `+0x${hex(hit.offset)}` : `+${hex(hit.offset)}`;
  if (!hit.symbol) return `${hit.module.name}${off}`;
  return `${hit.module.name}!${symbolText(hit.symbol.name)}${off}`;
}

/** Exact-name lookup, case-insensitive: `module!name`, or `name` searched in every module. */
export function findSymbol(target: Target, module: string | null, name: string): { module: Module; symbol: SymbolDef } | null {
  const n = name.toLowerCase();
  for (const m of target.modules()) {
    if (module !== null && m.name.toLowerCase() !== module.toLowerCase()) continue;
    const s = m.symbols.find((x) => x.name.toLowerCase() === n);
    if (s) return { module: m, symbol: s };
  }
  return null;
}

export { wildcard } from './wildcard.ts';
