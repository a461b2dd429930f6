/**
 * The images mapped in the machine, as a loader (and a debugger's symbol
 * handler) sees them: nt and every loaded driver in kernel space, and each
 * process's own DLLs and program in its user space, with their public
 * symbols. One place turns 'module!Function+0xoff' into an address, so the
 * stacks the machine lays out and the names the debugger prints agree.
 */
import type { Kernel } from '../nt.ts';
import { MODULES } from '../drivers/modules.ts';
import { routineAddress } from '../io/invoke.ts';
import { NT_BASE, NT_SIZE, NT_SYMBOLS, NT_TIMESTAMP } from '../ke/ntsyms.ts';
import { userModuleDef } from './images.ts';
import { processModules, type Process } from './ps.ts';

export interface ImageSymbol {
  readonly name: string;
  readonly rva: number;
  readonly kind: 'function' | 'data';
}

export interface MappedImage {
  /** Module name as lm shows it ('nt', 'swlegacy', 'ntdll'). */
  readonly name: string;
  /** Image file name ('ntkrnlmp.exe', 'swlegacy.sys', 'ntdll.dll'). */
  readonly file: string;
  readonly path: string;
  readonly base: bigint;
  readonly size: number;
  readonly timestamp: number;
  readonly user: boolean;
  readonly symbols: readonly ImageSymbol[];
}

const ROUTINE_TABLES = ['dispatch', 'unload', 'addDevice', 'completion', 'powerCompletion', 'notification', 'registry', 'wdf'] as const;

/** Kernel images: nt, then loaded drivers in load order. */
export function kernelImages(k: Kernel): MappedImage[] {
  const nt: MappedImage = {
    name: 'nt', file: 'ntkrnlmp.exe', path: '\\SystemRoot\\system32\\ntoskrnl.exe', base: NT_BASE, size: NT_SIZE, timestamp: NT_TIMESTAMP, user: false,
    symbols: NT_SYMBOLS.map(([name, rva, kind]) => ({ name, rva, kind: kind === 'data' ? 'data' : 'function' })),
  };
  const out = [nt];
  for (const img of Object.values(k.io.state.images)) {
    const code = MODULES[img.module];
    const base = BigInt('0x' + img.base);
    const names = new Set<string>();
    if (code?.DriverEntry) names.add('DriverEntry');
    for (const t of ROUTINE_TABLES) for (const n of Object.keys(code?.[t] ?? {})) names.add(n);
    const symbols = [...names].map((n) => ({ name: n, rva: Number(BigInt('0x' + routineAddress(k, `${img.module}!${n}`)) - base), kind: 'function' as const }));
    out.push({
      name: img.file.replace(/\.[^.]*$/, ''), file: img.file, path: `\\SystemRoot\\system32\\DRIVERS\\${img.file}`, base, size: img.size,
      timestamp: code?.linkDate ?? 0, user: false, symbols,
    });
  }
  return out;
}

/** A process's user images, program first. */
export function userImages(p: Process): MappedImage[] {
  return processModules(p).map((m) => {
    const def = userModuleDef(m.name);
    return {
      name: m.name.replace(/\.[^.]*$/, ''), file: m.name, path: m.path, base: BigInt('0x' + m.base), size: m.size, timestamp: def.timestamp, user: true,
      symbols: def.symbols.map(([name, rva]) => ({ name, rva, kind: 'function' as const })),
    };
  });
}

/** 'module!Function+0xoff' → address, in `images`; null when the module or function is unknown. */
export function resolveRef(images: readonly MappedImage[], ref: string): bigint | null {
  const m = /^([^!]+)!([^+]+)(?:\+0x([0-9a-f]+))?$/i.exec(ref);
  if (!m) return null;
  const img = images.find((i) => i.name.toLowerCase() === m[1].toLowerCase());
  const sym = img?.symbols.find((s) => s.name === m[2]);
  if (!img || !sym) return null;
  return img.base + BigInt(sym.rva) + BigInt(m[3] ? '0x' + m[3] : 0);
}
