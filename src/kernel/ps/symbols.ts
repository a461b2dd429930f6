/**
 * The images mapped in the machine, as a loader (and a debugger's symbol
 * handler) sees them: nt and every loaded driver in kernel space, and each
 * process's own DLLs and program in its user space, with their public
 * symbols. One place turns 'module!Function+0xoff' into an address, so the
 * stacks the machine lays out and the names the debugger prints agree.
 */
import type { Kernel } from '../nt.ts';
import { kernelModules } from '../mm/images.ts';
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

/** Kernel images: nt, hal, kdcom, then loaded drivers (the loader's own list). */
export function kernelImages(k: Kernel): MappedImage[] {
  // lm names a module by its image file's base name, in the file's own case (Wdf01000, Null, swlegacy).
  return kernelModules(k).map((m) => ({
    name: ['nt', 'hal', 'kdcom'].includes(m.name) ? m.name : m.image.replace(/\.[^.]*$/, ''),
    file: m.image,
    path: m.path,
    base: m.base,
    size: m.size,
    timestamp: m.timestamp,
    user: false,
    symbols: m.symbols.map((x) => ({ name: x.name, rva: x.rva, kind: x.kind })),
  }));
}

/** A process's user images, program first. */
export function userImages(p: Process): MappedImage[] {
  return processModules(p).map((m) => {
    const def = userModuleDef(m.name);
    return {
      name: m.name.replace(/\.[^.]*$/, ''),
      file: m.name,
      path: m.path,
      base: BigInt('0x' + m.base),
      size: m.size,
      timestamp: def.timestamp,
      user: true,
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
